from django.urls import path

from learners.views import dashboard

app_name = "learners"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
