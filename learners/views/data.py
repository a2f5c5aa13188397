"""Your data: download everything you recorded, or delete the account and every record."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from learners.account_actions import delete_account
from learners.account_forms import DeleteAccountForm
from learners.export import export_data, export_zip


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export(request):
    now = timezone.now()
    body = json.dumps(
        export_data(request.user, now=now), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _attachment(response, f"careerhub-export-{now:%Y-%m-%d}.json")


@login_required
@require_GET
def export_csv(request):
    now = timezone.now()
    response = HttpResponse(export_zip(request.user, now=now), content_type="application/zip")
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
