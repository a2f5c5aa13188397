"""The bookkeeping of content, beside the content itself (roles/models.py imports these, so
they are models of the `roles` app): the releases `sync_content` applied, and the generation
number that moves whenever content changes."""

from django.db import models


class ContentRelease(models.Model):
    """A content release (fixtures/) applied by `manage.py sync_content`.

    `content` is the release as sync_content last applied it, row by row under natural keys: the
    baseline that tells an editor's change (the database differs from it) from a row the next
    release may update (the database still matches it).
    """

    release_id = models.CharField(max_length=40)
    applied_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField(default=dict)
    report = models.TextField(blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        get_latest_by = ["applied_at", "id"]

    def __str__(self):
        return f"content release {self.release_id}"


class ContentGeneration(models.Model):
    """One row: a number that moves whenever content changes (roles/cache.py). Kept in the
    database, in the same transaction as the change, so it moves exactly when the change
    commits, and a change made while the cache is down is never forgotten."""

    value = models.BigIntegerField(default=1)

    def __str__(self):
        return f"content generation {self.value}"
