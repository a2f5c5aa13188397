"""Editors' reports on job postings: counts only, never a learner's posting.

- Unmapped terms: the tools and terms postings named that no catalogue skill took, by how many
  postings named them, so editors add the skill (or an alias) learners need.
- "Not a skill" marks: phrases learners said were misread as a skill, by count, so editors fix
  an alias that matches too much.

A row shows only once several learners are behind it (jobs/reports.py says how many).

Both are open to anyone who may change skills (the content editors); neither lists, links to
or opens a posting, and nothing can be added, changed or deleted here.
"""

from django.contrib import admin
from django.template.response import TemplateResponse

from jobs import reports
from jobs.models import NotASkillMark, UnmappedTerm


class CountsOnlyAdmin(admin.ModelAdmin):
    report_title = ""

    def _editor(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("roles.change_skill")

    def has_module_permission(self, request):
        return self._editor(request)

    def has_view_permission(self, request, obj=None):
        return obj is None and self._editor(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # Only the report: no change, history or delete page of a single row.
        from django.urls import path

        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name=f"{info[0]}_{info[1]}_changelist",
            )
        ]

    def report_rows(self):
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": self.report_title,
            "opts": self.opts,
            "rows": self.report_rows(),
            "kind": self.opts.model_name,
        }
        return TemplateResponse(request, "admin/jobs/report.html", context)


@admin.register(UnmappedTerm)
class UnmappedTermAdmin(CountsOnlyAdmin):
    report_title = "Terms in job postings the catalogue does not know"

    def report_rows(self):
        return reports.unmapped_term_rows()


@admin.register(NotASkillMark)
class NotASkillMarkAdmin(CountsOnlyAdmin):
    report_title = "Phrases learners marked as not a skill"

    def report_rows(self):
        return reports.not_a_skill_rows()
