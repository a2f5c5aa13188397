from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "careerhub content"
admin.site.site_title = "careerhub admin"
admin.site.index_title = "Career content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("learners.urls_accounts")),
    path("", include("learners.urls")),
    path("jobs/", include("jobs.urls")),
    path("", include("roles.urls")),
]

if settings.BENCH_BASELINE_VIEW:
    from careerhub.bench_views import baseline

    urlpatterns.append(path("bench/baseline/", baseline, name="bench_baseline"))

handler400 = "roles.views.bad_request"
