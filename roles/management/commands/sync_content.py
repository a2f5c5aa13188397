"""`manage.py sync_content`: bring the database up to the content release in fixtures/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from roles.content_release import sync_content

DEFAULT_RELEASE = Path(settings.BASE_DIR) / "fixtures" / "roles.json"


class Command(BaseCommand):
    help = (
        "Apply the content release (fixtures/roles.json): add what is new, update rows no editor "
        "changed since the last release, keep (and list) editors' changes, retire what learners "
        "may point to instead of deleting it. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--release", type=Path, default=DEFAULT_RELEASE, help="the release's fixture file"
        )

    def handle(self, *args, release: Path, verbosity: int, **options):
        report = sync_content(release)
        lines = report.lines()
        self.stdout.write(lines[0])
        if verbosity > 1:
            for line in lines[1:]:
                self.stdout.write(line)
        elif report.conflicts:
            self.stdout.write(f"Editors' changes kept ({len(report.conflicts)}):")
            for conflict in report.conflicts:
                self.stdout.write(f"  {conflict}")
