from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a signed-in person are never stored by a browser or a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has ended would follow the redirect to the login page and
    swap that page into a fragment. Tell htmx to load the login page as a whole page instead:
    204 with HX-Redirect, coming back to the page the person was on (not to the fragment URL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or request.headers.get("HX-Request") != "true":
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        location = urlsplit(response.headers["Location"])
        if location.path != login_path:
            return response
        current = request.headers.get("HX-Current-URL", "")
        if current and url_has_allowed_host_and_scheme(
            current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(current)
            back = parts.path + (f"?{parts.query}" if parts.query else "")
            target = f"{login_path}?{urlencode({REDIRECT_FIELD_NAME: back})}"
        else:
            target = response.headers["Location"]
        redirect = HttpResponse(status=204)
        redirect["HX-Redirect"] = target
        patch_vary_headers(redirect, ["HX-Request"])
        return redirect
