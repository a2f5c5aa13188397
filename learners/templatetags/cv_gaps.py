"""`{% cv_gaps posting %}` on a job posting's page (issue 24, item 7): the skills the posting
requires that the learner rated Independent or better but their last imported CV never names
("you rated Docker 4 but your CV does not say so"), so they can fix the CV for that application.
Nothing shows when the learner never imported a CV (or undid it)."""

from django import template

from learners.models import ImportBatch, SkillRecord

register = template.Library()

#: "Rated well": Independent or better.
WELL = 3


def cv_gap_rows(user, posting) -> list[dict]:
    cv = (
        ImportBatch.objects.filter(user=user, undone_at=None)
        .exclude(confirmed_at=None)
        .exclude(cv_skills=[])
        .order_by("-confirmed_at")
        .values_list("cv_skills", flat=True)
        .first()
    )
    if not cv:
        return []
    required = {
        js.skill_id: js.skill
        for js in posting.skills.filter(need="required").select_related("skill")
    }
    rated = SkillRecord.objects.filter(user=user, skill_id__in=required, level__gte=WELL)
    named = set(cv)
    return sorted(
        (
            {"skill": required[r.skill_id], "level": r.level}
            for r in rated
            if required[r.skill_id].slug not in named
        ),
        key=lambda row: (-row["level"], row["skill"].name.lower()),
    )


@register.inclusion_tag("learners/import_cv_gaps.html", takes_context=True)
def cv_gaps(context, posting) -> dict:
    user = context["request"].user
    return {"rows": cv_gap_rows(user, posting) if user.is_authenticated else []}
