"""Create or update the "Content editors" group: exactly the permissions to edit content.

Idempotent: run it after every migrate (`make demo` does). Editors may add, change, delete and
view every model of the `roles` app, and view its history; nothing of learners, accounts,
login throttling or sessions.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.models import HistoricalChanges

GROUP_NAME = "Content editors"
CONTENT_APP = "roles"
CONTENT_ACTIONS = ("add", "change", "delete", "view")
# History is an audit trail: editors read it (and revert through the content model) but never
# edit or delete a historical record itself.
HISTORY_ACTIONS = ("view",)


def wanted_codenames() -> dict[type, set[str]]:
    """For every model of the content app, the permission codenames editors get."""
    wanted: dict[type, set[str]] = {}
    for model in apps.get_app_config(CONTENT_APP).get_models():
        actions = HISTORY_ACTIONS if issubclass(model, HistoricalChanges) else CONTENT_ACTIONS
        wanted[model] = {f"{action}_{model._meta.model_name}" for action in actions}
    return wanted


def editor_permissions() -> list[Permission]:
    """The exact permission set of the group; raises CommandError if some do not exist."""
    wanted = wanted_codenames()
    content_types = ContentType.objects.get_for_models(*wanted, for_concrete_models=False)
    pairs = {
        (content_types[model].pk, codename) for model, names in wanted.items() for codename in names
    }
    found = [
        permission
        for permission in Permission.objects.filter(
            content_type__in=content_types.values()
        ).select_related("content_type")
        if (permission.content_type_id, permission.codename) in pairs
    ]
    if len(found) != len(pairs):
        have = {(p.content_type_id, p.codename) for p in found}
        missing = sorted(codename for _, codename in pairs - have)
        raise CommandError(f"Missing permissions: {', '.join(missing)}. Run migrate first.")
    return found


class Command(BaseCommand):
    help = 'Create or update the "Content editors" group with exactly the content permissions.'

    def handle(self, *args, **options):
        # Permissions are made by post_migrate; make sure they exist even on a database that
        # was set up some other way (e.g. test databases created without migrations).
        create_permissions(apps.get_app_config(CONTENT_APP), verbosity=0)
        with transaction.atomic():
            permissions = editor_permissions()
            group, created = Group.objects.get_or_create(name=GROUP_NAME)
            before = set(group.permissions.values_list("pk", flat=True))
            group.permissions.set(permissions)
        after = {p.pk for p in permissions}
        added, removed = len(after - before), len(before - after)
        verb = "Created" if created else "Updated"
        if options["verbosity"] >= 1:
            self.stdout.write(
                f'{verb} group "{GROUP_NAME}": {len(after)} permissions '
                f"({added} added, {removed} removed)."
            )
