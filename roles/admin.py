"""The admin for content editors: every content model, searchable and filterable.

Roles, responsibilities, skills (with their prerequisites), requirements, certifications (with
their roles) and certification credits keep a history (django-simple-history): the admin's
"History" button lists who changed what, when, and why (the reason an editor may give).

How every admin here saves (only what changed, with the reason, moving the content generation)
is in roles/admin_base.py and roles/admin_forms.py; the "Stale content" page in
roles/admin_stale.py (what is stale, recording a check) and roles/admin_stale_view.py.
"""

from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, unquote
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Count
from django.http import Http404
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from roles.admin_base import BumpsContentGeneration, ContentInline
from roles.admin_stale_view import stale_content_view
from roles.forms import CertificationAdminForm, RoleAdminForm, SkillAdminForm
from roles.models import (
    Certification,
    CertificationSkill,
    ContentRelease,
    EducationPath,
    ExperienceRoute,
    FAQEntry,
    Industry,
    LifecycleStage,
    MarketFigure,
    ProjectIdea,
    ProjectIdeaSkill,
    Requirement,
    Resource,
    Responsibility,
    Role,
    Skill,
    SkillCategory,
)

CONTENT_APP = "roles"
REQUIREMENTS_BY_CATEGORY = [
    "skill__category__order",
    "skill__category__name",
    "-is_essential",
    "-importance",
    "skill__name",
]


def _pk_or_404(model, value: str):
    """The primary key `value` names, or 404 for one that cannot be a key of `model` ("1/change",
    "abc"): the history views would otherwise answer 500."""
    try:
        return model._meta.pk.to_python(unquote(value))
    except (ValidationError, ValueError, TypeError) as error:
        raise Http404("No such object.") from error


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, answering 404 to a malformed id in a history URL."""

    def history_view(self, request, object_id, extra_context=None):
        _pk_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _pk_or_404(self.model, object_id)
        _pk_or_404(self.model.history.model, version_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


class HidesOtherAppsData(BumpsContentGeneration):
    """Deleting content never shows an editor anyone's data, and never deletes it.

    Django's delete confirmation lists every row the deletion would take or is blocked by,
    learners' private records included (a project title, a snapshot). For anyone but a
    superuser, content that rows outside the content app point to cannot be deleted here, and
    those rows are only counted, never shown.
    """

    def get_deleted_objects(self, objs, request):
        found = super().get_deleted_objects(objs, request)
        if request.user.is_superuser or not objs:
            return found
        _to_delete, model_count, perms_needed, _protected = found
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        outside: dict[str, int] = {}
        rows = [obj for model_objs in collector.model_objs.values() for obj in model_objs]
        for obj in [*rows, *collector.protected]:
            if obj._meta.app_label != CONTENT_APP:
                name = str(obj._meta.verbose_name_plural)
                outside[name] = outside.get(name, 0) + 1
        if not outside:
            return found
        refusal = [
            f"{count} {name} that learners keep (not shown): it cannot be deleted while they use it"
            for name, count in sorted(outside.items())
        ]
        counts = {name: n for name, n in model_count.items() if name not in outside}
        return [], counts, perms_needed, refusal


class RoleChildAdmin(HidesOtherAppsData, admin.ModelAdmin):
    """A piece of a role's page: "view on site" opens the role's page."""

    list_select_related = ["role"]
    autocomplete_fields = ["role"]

    def view_on_site(self, obj):
        role = getattr(obj, "role", None)
        return role.get_absolute_url() if role else None


# Inlines


class RequirementInline(ContentInline, admin.TabularInline):
    """A role's requirements, grouped by skill category, collapsed until opened: a role has
    dozens, and the requirement list (filters, levels editable in place) suits bulk work."""

    model = Requirement
    autocomplete_fields = ["skill"]
    fields = ["skill", "importance", "is_essential", "target_level"]
    extra = 0
    show_change_link = True
    classes = ["collapse"]
    template = "admin/roles/edit_inline/requirements_grouped.html"
    row_related = ("role", "skill")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("skill__category")
            .order_by(*REQUIREMENTS_BY_CATEGORY)
        )


class ResponsibilityInline(ContentInline, admin.StackedInline):
    model = Responsibility
    fields = ["order", "title", "description"]
    extra = 0


class LifecycleStageInline(ContentInline, admin.StackedInline):
    model = LifecycleStage
    fields = ["order", "title", "description"]
    extra = 0


class MarketFigureInline(ContentInline, admin.TabularInline):
    model = MarketFigure
    fields = ["order", "label", "value", "source", "source_url", "year", "checked_on"]
    extra = 0


class FAQEntryInline(ContentInline, admin.StackedInline):
    model = FAQEntry
    fields = ["order", "question", "answer"]
    extra = 0


class ResourceInline(ContentInline, admin.TabularInline):
    model = Resource
    fields = ["title", "url", "kind", "is_free", "checked_on"]
    extra = 0


class CertificationSkillInline(ContentInline, admin.TabularInline):
    model = CertificationSkill
    row_related = ("certification", "skill")
    autocomplete_fields = ["skill"]
    fields = ["skill", "level"]
    extra = 0


class ProjectIdeaSkillInline(ContentInline, admin.TabularInline):
    model = ProjectIdeaSkill
    row_related = ("idea", "skill")
    autocomplete_fields = ["skill"]
    fields = ["skill", "level"]
    extra = 0


# Roles and what belongs to them


@admin.register(Role)
class RoleAdmin(HidesOtherAppsData, ContentHistoryAdmin):
    form = RoleAdminForm
    list_display = ["title", "slug", "is_published", "order", "requirement_count", "updated_at"]
    list_editable = ["is_published", "order"]
    list_filter = ["is_published", "industries"]
    search_fields = ["title", "slug", "aliases", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["industries"]
    autocomplete_fields = ["related_roles"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "aliases", "summary", "description", "is_published"]}),
        ("Outlook", {"fields": ["outlook", "employers", "industries", "related_roles"]}),
        (
            "Salary",
            {
                "fields": [
                    "salary_amount",
                    "salary_currency",
                    "salary_region",
                    "salary_source",
                    "salary_source_url",
                    "salary_year",
                    "salary_checked_on",
                    "salary_occupation",
                    "salary_note",
                ]
            },
        ),
        ("Listing", {"fields": ["order", "updated_at"]}),
    ]
    inlines = [
        RequirementInline,
        ResponsibilityInline,
        LifecycleStageInline,
        MarketFigureInline,
        FAQEntryInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_requirement_count=Count("requirements"))

    def get_urls(self):
        # The stale-content page spans several models; it lives here, beside the roles.
        stale = path(
            "stale-content/",
            self.admin_site.admin_view(partial(stale_content_view, admin_site=self.admin_site)),
            name="roles_stale_content",
        )
        return [stale, *super().get_urls()]

    @admin.display(description="requirements", ordering="_requirement_count")
    def requirement_count(self, obj):
        return obj._requirement_count


@admin.register(Requirement)
class RequirementAdmin(HidesOtherAppsData, ContentHistoryAdmin):
    """Requirements in their own list: filter by role and category, change levels in place."""

    list_display = ["skill", "category", "role", "importance", "is_essential", "target_level"]
    list_editable = ["importance", "is_essential", "target_level"]
    list_filter = ["role", "skill__category", "is_essential", "importance", "target_level"]
    list_select_related = ["role", "skill__category"]
    list_per_page = 100
    ordering = ["role__order", "role__title", *REQUIREMENTS_BY_CATEGORY]
    search_fields = ["role__title", "skill__name"]
    autocomplete_fields = ["role", "skill"]
    history_list_display = ["importance", "is_essential", "target_level"]

    @admin.display(description="category", ordering="skill__category__order")
    def category(self, obj):
        return obj.skill.category.name

    def view_on_site(self, obj):
        return obj.role.get_absolute_url()


@admin.register(Responsibility)
class ResponsibilityAdmin(ContentHistoryAdmin, RoleChildAdmin):
    list_display = ["title", "role", "order"]
    list_filter = ["role"]
    search_fields = ["title", "description", "role__title"]


@admin.register(LifecycleStage)
class LifecycleStageAdmin(RoleChildAdmin):
    list_display = ["title", "role", "order"]
    list_filter = ["role"]
    search_fields = ["title", "description", "role__title"]


@admin.register(MarketFigure)
class MarketFigureAdmin(RoleChildAdmin):
    list_display = ["label", "value", "role", "source", "year", "checked_on"]
    list_filter = ["role", "year", "checked_on"]
    search_fields = ["label", "value", "source", "role__title"]


@admin.register(FAQEntry)
class FAQEntryAdmin(RoleChildAdmin):
    list_display = ["question", "role", "order"]
    list_filter = [("role", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["question", "answer", "role__title"]


@admin.register(Industry)
class IndustryAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["name", "slug"]
    list_filter = ["roles"]
    search_fields = ["name", "slug", "ml_uses"]
    prepopulated_fields = {"slug": ["name"]}


# Skills


@admin.register(SkillCategory)
class SkillCategoryAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    list_filter = ["skills__kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(HidesOtherAppsData, ContentHistoryAdmin):
    form = SkillAdminForm
    list_display = [
        "name",
        "slug",
        "kind",
        "category",
        "estimated_hours",
        "is_retired",
        "updated_at",
    ]
    list_filter = ["kind", "category", "is_retired"]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["prerequisites"]
    readonly_fields = ["updated_at"]
    fields = [
        "name",
        "slug",
        "aliases",
        "kind",
        "category",
        "description",
        "prerequisites",
        "estimated_hours",
        "is_retired",
        "updated_at",
    ]
    inlines = [ResourceInline]


@admin.register(Resource)
class ResourceAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["title", "skill", "kind", "is_free", "checked_on"]
    list_filter = ["kind", "is_free", "skill__category"]
    list_select_related = ["skill"]
    search_fields = ["title", "url", "skill__name"]
    autocomplete_fields = ["skill"]

    def view_on_site(self, obj):
        return obj.skill.get_absolute_url()


# Certifications, education, projects and experience


@admin.register(Certification)
class CertificationAdmin(HidesOtherAppsData, ContentHistoryAdmin):
    form = CertificationAdminForm
    list_display = [
        "name",
        "issuer",
        "kind",
        "level",
        "validity_months",
        "is_retired",
        "checked_on",
        "updated_at",
    ]
    list_filter = ["kind", "level", "is_retired", "issuer", "roles", "checked_on"]
    search_fields = ["name", "slug", "issuer", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor", "roles"]
    readonly_fields = ["updated_at"]
    inlines = [CertificationSkillInline]


@admin.register(CertificationSkill)
class CertificationSkillAdmin(HidesOtherAppsData, ContentHistoryAdmin):
    list_display = ["__str__", "certification", "skill", "level"]
    list_editable = ["level"]
    list_filter = ["level", "certification"]
    list_select_related = ["certification", "skill"]
    search_fields = ["certification__name", "skill__name"]
    autocomplete_fields = ["certification", "skill"]

    def view_on_site(self, obj):
        return obj.certification.get_absolute_url()


@admin.register(EducationPath)
class EducationPathAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["title", "level", "slug"]
    list_filter = ["level", "roles"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["roles"]


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["title", "difficulty", "slug"]
    list_filter = ["difficulty", "roles"]
    search_fields = ["title", "slug", "brief"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["roles"]
    inlines = [ProjectIdeaSkillInline]


@admin.register(ProjectIdeaSkill)
class ProjectIdeaSkillAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["__str__", "idea", "skill", "level"]
    list_editable = ["level"]
    list_filter = ["level", "idea"]
    list_select_related = ["idea", "skill"]
    search_fields = ["idea__title", "skill__name"]
    autocomplete_fields = ["idea", "skill"]


@admin.register(ExperienceRoute)
class ExperienceRouteAdmin(HidesOtherAppsData, admin.ModelAdmin):
    list_display = ["title", "order", "url"]
    list_editable = ["order"]
    list_filter = ["roles"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["roles"]


@admin.register(ContentRelease)
class ContentReleaseAdmin(admin.ModelAdmin):
    """The content releases `sync_content` applied, with what each changed. Read only."""

    list_display = ["release_id", "applied_at"]
    list_filter = ["applied_at"]
    search_fields = ["release_id", "report"]
    fields = ["release_id", "applied_at", "report"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
