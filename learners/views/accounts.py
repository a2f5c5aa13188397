from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def signup(request):
    return HttpResponse("signup")


@login_required
def account_settings(request):
    return HttpResponse("settings")
