"""Public pages: what visitors browse without signing in.

Query logic lives in roles/queries.py; anonymous full pages are cached by roles/cache.py.
"""

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from roles import queries
from roles.cache import cache_public_page, content_cached
from roles.hours import hours_to_each_level
from roles.models import Level, Skill


def _wants_fragment(request: HttpRequest) -> bool:
    # A history restore asks for the whole page even though it comes from htmx.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "roles/home.html", {"roles": queries.role_cards()})


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
@cache_public_page
def role_list(request: HttpRequest) -> HttpResponse:
    q = queries.clean_query(request.GET.get("q"))
    categories = queries.categories()
    category = request.GET.get("category", "")
    if category not in {c.slug for c in categories}:
        category = ""
    context = {
        "q": q,
        "category": category,
        "categories": categories,
        "roles": queries.role_cards(q=q, category=category),
        "filtered": bool(q or category),
    }
    if _wants_fragment(request):
        response = render(request, "roles/role_list.html#role-results", context)
    else:
        response = render(request, "roles/role_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@cache_public_page
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The page's data is shared by every visitor, signed in or not, until content changes.
    page = content_cached(f"role-page:{slug}", lambda: queries.role_page(slug))
    if page is None:
        raise Http404("No such career path")
    return render(request, "roles/role_detail.html", {"page": page, "role": page.role})


@require_safe
@cache_public_page
def skill_list(request: HttpRequest) -> HttpResponse:
    q = queries.clean_query(request.GET.get("q"))
    categories = queries.categories()
    category = request.GET.get("category", "")
    if category not in {c.slug for c in categories}:
        category = ""
    kind = request.GET.get("kind", "")
    if kind not in Skill.Kind.values:
        kind = ""
    groups = queries.skill_catalogue(q=q, category=category, kind=kind)
    context = {
        "q": q,
        "category": category,
        "kind": kind,
        "categories": categories,
        "kinds": Skill.Kind.choices,
        "groups": groups,
        "skill_total": sum(len(g.skills) for g in groups),
        "filtered": bool(q or category or kind),
    }
    if _wants_fragment(request):
        response = render(request, "roles/skill_list.html#skill-results", context)
    else:
        response = render(request, "roles/skill_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _skill_note_url(request: HttpRequest, slug: str) -> str | None:
    """Where the learner's private note on a skill lives, once the dashboard provides it."""
    if not request.user.is_authenticated:
        return None
    try:
        return reverse("learners:skill_note", args=[slug])
    except NoReverseMatch:
        return None


@require_safe
@cache_public_page
def skill_detail(request: HttpRequest, slug: str) -> HttpResponse:
    skill = queries.skill_page(slug)
    if skill is None:
        raise Http404("No such skill")
    context = {
        "skill": skill,
        "skill_note_url": _skill_note_url(request, slug),
        "hours_by_level": [
            (Level(level).label, hours)
            for level, hours in hours_to_each_level(skill.estimated_hours)
        ],
    }
    return render(request, "roles/skill_detail.html", context)


@require_safe
@cache_public_page
def certification_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roles/certification_list.html",
        {"certifications": queries.certification_catalogue()},
    )


@require_safe
@cache_public_page
def certification_detail(request: HttpRequest, slug: str) -> HttpResponse:
    certification = queries.certification_page(slug)
    if certification is None:
        raise Http404("No such certification")
    return render(request, "roles/certification_detail.html", {"certification": certification})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    q = queries.clean_query(request.GET.get("q"))
    if _wants_fragment(request):
        results = queries.search_everything(q, limit=queries.SEARCH_PANEL_LIMIT)
        response = render(
            request, "roles/search.html#search-results", {"results": results, "panel": True}
        )
    else:
        results = queries.search_everything(q)
        response = render(request, "roles/search.html", {"results": results})
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- error pages (careerhub/urls.py points the handlers here) ------------------------------


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context and no database: whatever broke may be either of them.
    return HttpResponseServerError(loader.get_template("500.html").render())
