from django.http import HttpResponse


def baseline(request):
    """The bare view every page is measured against in `make bench` (benchmark settings only)."""
    return HttpResponse("ok")
