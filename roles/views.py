"""Public pages: what visitors browse without signing in.

Query logic lives in roles/queries.py; anonymous full pages are cached by roles/cache.py.
"""

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from careerhub.htmx import wants_fragment
from roles import queries
from roles.cache import cache_public_page, content_cached
from roles.hours import hours_to_each_level
from roles.models import Level, Skill


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "roles/home.html", {"roles": queries.role_cards()})


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def _cache_status() -> str:
    # The Redis backend (careerhub/cache.py) can say whether Redis answers; a local-memory
    # cache is part of the process and always there.
    ping = getattr(caches["default"], "ping", None)
    if ping is None or ping():
        return "ok"
    return "degraded"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state. 200 while the database answers (the site works without the
    cache, only slower), 503 when it does not."""
    database, cache = _database_status(), _cache_status()
    if database != "ok":
        status = "error"
    elif cache != "ok":
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "cache": cache}
    return JsonResponse(body, status=200 if database == "ok" else 503)


@require_safe
@cache_public_page
@vary_on_headers("HX-Request")
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
    if wants_fragment(request):
        response = render(request, "roles/role_list.html#role-results", context)
    else:
        response = render(request, "roles/role_list.html", context)
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
@vary_on_headers("HX-Request")
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
    if wants_fragment(request):
        response = render(request, "roles/skill_list.html#skill-results", context)
    else:
        response = render(request, "roles/skill_list.html", context)
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
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    q = queries.clean_query(request.GET.get("q"))
    if wants_fragment(request):
        results = queries.search_everything(q, limit=queries.SEARCH_PANEL_LIMIT)
        response = render(
            request, "roles/search.html#search-results", {"results": results, "panel": True}
        )
    else:
        results = queries.search_everything(q)
        response = render(request, "roles/search.html", {"results": results})
    return response


# --- error pages (careerhub/urls.py points the handlers here) ------------------------------


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's own 400 handler renders without the request; the page needs it (navigation,
    the CSP nonce). 403, 404 and 500 are Django's defaults with our templates."""
    return render(request, "400.html", status=400)
