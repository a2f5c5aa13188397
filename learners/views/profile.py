"""The public learner profile at /u/<handle>/, shown only when the learner opts in."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from learners.readiness import readiness_for

User = get_user_model()


# Revalidated on every visit: the page must change the moment its owner changes a record or
# turns the profile private, so it is never cached whole.
@cache_control(no_cache=True)
@require_GET
def public_profile(request, handle):
    learner = get_object_or_404(
        User.objects.select_related("target_role"),
        handle=handle.lower(),
        is_public=True,
        is_active=True,
    )
    role = learner.target_role
    readiness = None
    if role is not None and role.is_published:
        readiness = readiness_for(learner, role.pk)
    skills = (
        SkillRecord.objects.filter(user=learner, level__gt=0)
        .select_related("skill")
        .order_by("-level", "skill__name")
    )
    certifications = EarnedCertification.objects.filter(user=learner).select_related(
        "certification"
    )
    projects = PortfolioProject.objects.filter(user=learner).prefetch_related(
        Prefetch("skills", queryset=ProjectSkill.objects.select_related("skill"))
    )
    education = EducationRecord.objects.filter(user=learner).select_related("education_path")
    context = {
        "learner": learner,
        "role": role,
        "readiness": readiness,
        "skills": skills,
        "certifications": certifications,
        "projects": projects,
        "education": education,
        "today": timezone.localdate(),
        "page_url": request.build_absolute_uri(),
    }
    return render(request, "learners/profile.html", context)
