from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_new, name="new"),
    path("<int:pk>/", views.posting_detail, name="detail"),
    path("<int:pk>/delete/", views.posting_delete, name="delete"),
    path("<int:pk>/edit/", views.posting_edit, name="edit"),
    path("<int:pk>/compare/", views.posting_compare, name="compare"),
    path("<int:pk>/add-skill/", views.skill_add, name="skill_add"),
    path("<int:pk>/read-again/", views.read_again, name="read_again"),
    path("<int:pk>/add-to-plan/", views.add_to_plan, name="add_to_plan"),
    path("<int:pk>/take-out-of-plan/", views.take_out_of_plan, name="take_out_of_plan"),
    path("<int:pk>/skills/<slug:skill_slug>/", views.skill_set, name="skill_set"),
    path("<int:pk>/skills/<slug:skill_slug>/remove/", views.skill_remove, name="skill_remove"),
    path("<int:pk>/skills/<slug:skill_slug>/not-a-skill/", views.not_a_skill, name="not_a_skill"),
]
