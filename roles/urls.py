from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("careers/", views.role_list, name="role_list"),
    path("careers/<slug:slug>/", views.role_detail, name="role_detail"),
    path("skills/", views.skill_list, name="skill_list"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("certifications/", views.certification_list, name="certification_list"),
    path("certifications/<slug:slug>/", views.certification_detail, name="certification_detail"),
]
