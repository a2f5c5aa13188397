"""Your data: download everything you recorded, or delete the account and every record."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from learners.account_actions import delete_account
from learners.account_forms import DeleteAccountForm
from learners.export import json_chunks, zip_chunks


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def export(request):
    now = timezone.now()
    response = StreamingHttpResponse(
        json_chunks(request.user, now=now), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, f"careerhub-export-{now:%Y-%m-%d}.json")


@login_required
@require_safe
def export_csv(request):
    now = timezone.now()
    response = StreamingHttpResponse(
        zip_chunks(request.user, now=now), content_type="application/zip"
    )
    return _attachment(response, f"careerhub-export-{now:%Y-%m-%d}.zip")


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user=user)
        messages.success(request, "Your account and every record in it are deleted.")
        return redirect("roles:home")
    return render(request, "learners/delete.html", {"form": form})
