from django.urls import path

from learners.views import compare, dashboard, imports, records, role_box

app_name = "learners"

urlpatterns = [
    path("me/import/", imports.start, name="import_start"),
    path("me/import/<uuid:pk>/", imports.review, name="import_review"),
    path("me/import/<uuid:pk>/abandon/", imports.abandon, name="import_abandon"),
    path("me/import/<uuid:pk>/undo/", imports.undo, name="import_undo"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # learners.urls is included before roles.urls, so "compare" is never taken for a role slug.
    path("careers/compare/", compare.compare, name="compare"),
    path("careers/<slug:role_slug>/readiness/", role_box.role_readiness, name="role_readiness"),
    path("dashboard/target/", dashboard.set_target_role, name="set_target_role"),
    path("dashboard/rows/", dashboard.set_row_folding, name="set_row_folding"),
    path("dashboard/changes/dismiss/", dashboard.dismiss_changes, name="dismiss_changes"),
    path("dashboard/plan/", dashboard.plan, name="plan"),
    path(
        "dashboard/skills/<slug:skill_slug>/level/",
        dashboard.set_skill_level,
        name="set_skill_level",
    ),
    path("dashboard/skills/<slug:skill_slug>/note/", dashboard.skill_note, name="skill_note"),
    path("dashboard/certifications/add/", records.certification_add, name="certification_add"),
    path(
        "dashboard/certifications/<int:pk>/edit/",
        records.certification_edit,
        name="certification_edit",
    ),
    path(
        "dashboard/certifications/<int:pk>/delete/",
        records.certification_delete,
        name="certification_delete",
    ),
    path("dashboard/projects/add/", records.project_add, name="project_add"),
    path("dashboard/projects/<int:pk>/edit/", records.project_edit, name="project_edit"),
    path("dashboard/projects/<int:pk>/delete/", records.project_delete, name="project_delete"),
    path("dashboard/education/add/", records.education_add, name="education_add"),
    path("dashboard/education/<int:pk>/edit/", records.education_edit, name="education_edit"),
    path(
        "dashboard/education/<int:pk>/delete/",
        records.education_delete,
        name="education_delete",
    ),
]
