"""Delete every import proposal older than an hour that nobody confirmed (issue 24: what a CV
said is kept an hour at most). Each new import prunes too; run this hourly (cron, a timer) so
nothing waits for the next import: `python manage.py prune_imports`."""

from django.core.management.base import BaseCommand

from learners.import_actions import prune_expired


class Command(BaseCommand):
    help = "Delete unconfirmed import proposals older than an hour."

    def handle(self, *args, **options):
        deleted = prune_expired()
        self.stdout.write(f"{deleted} expired import proposal(s) deleted.")
