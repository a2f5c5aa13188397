"""Public pages. (Skeleton: the public-pages work replaces these.)"""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from roles.models import Certification, Role, Skill


def home(request):
    return render(request, "roles/home.html", {"roles": Role.objects.published()})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def role_list(request):
    return render(request, "roles/home.html", {"roles": Role.objects.published()})


def role_detail(request, slug):
    role = get_object_or_404(Role.objects.published(), slug=slug)
    return HttpResponse(role.title)


def skill_list(request):
    return HttpResponse("skills")


def skill_detail(request, slug):
    return HttpResponse(get_object_or_404(Skill, slug=slug).name)


def certification_list(request):
    return HttpResponse("certifications")


def certification_detail(request, slug):
    return HttpResponse(get_object_or_404(Certification, slug=slug).name)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
