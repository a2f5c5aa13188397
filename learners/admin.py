"""Accounts in the admin, and learners' records for superusers only.

Content editors get no permission on this app (see `setup_editors`); the record admins also
check `is_superuser` themselves, so a stray permission can never open learners' data to staff.
Records are read-only here: learners/actions.py is the only place that writes them.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)


class LearnerCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this email already exists.", code="unique")
        return email


class LearnerChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = LearnerChangeForm
    add_form = LearnerCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "handle",
                    "headline",
                    "target_role",
                    "weekly_hours",
                    "is_public",
                )
            },
        ),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined", "changes_seen_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined", "changes_seen_at")
    list_display = ("email", "display_name", "handle", "is_public", "is_staff", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_public", "groups")
    search_fields = ("email", "handle", "display_name")
    ordering = ("email",)
    autocomplete_fields = ("target_role",)


class SuperuserReadOnly:
    """A learner's record: visible to superusers, written only by the learner (never here)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyReadAdmin(SuperuserReadOnly, admin.ModelAdmin):
    pass


@admin.register(SkillRecord)
class SkillRecordAdmin(SuperuserOnlyReadAdmin):
    list_display = ("user", "skill", "level", "updated_at")
    list_filter = ("level", "skill__category")
    list_select_related = ("user", "skill")
    search_fields = ("user__email", "skill__name")


@admin.register(EarnedCertification)
class EarnedCertificationAdmin(SuperuserOnlyReadAdmin):
    list_display = ("user", "name", "issued_on", "expires_on")
    list_filter = ("certification",)
    list_select_related = ("user", "certification")
    search_fields = ("user__email", "certification__name", "other_name", "credential_id")


class ProjectSkillInline(SuperuserReadOnly, admin.TabularInline):
    model = ProjectSkill
    fields = ("skill", "level")
    extra = 0


@admin.register(PortfolioProject)
class PortfolioProjectAdmin(SuperuserOnlyReadAdmin):
    list_display = ("title", "user", "status", "completed_on")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    inlines = (ProjectSkillInline,)


@admin.register(EducationRecord)
class EducationRecordAdmin(SuperuserOnlyReadAdmin):
    list_display = ("level", "field", "institution", "user", "year", "status")
    list_filter = ("status", "level", "education_path")
    list_select_related = ("user", "education_path")
    search_fields = ("institution", "field", "user__email")


@admin.register(ReadinessSnapshot)
class ReadinessSnapshotAdmin(SuperuserOnlyReadAdmin):
    list_display = ("user", "role", "day", "score", "evidenced_score")
    list_filter = ("role", "day")
    list_select_related = ("user", "role")
    search_fields = ("user__email", "role__title")
