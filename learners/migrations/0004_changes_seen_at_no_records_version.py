""""What changed" is kept until the learner dismisses it (changes_seen_at, moved only by a POST),
and the per-learner page cache's counter goes with the cache."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def seen_since_joining(apps, schema_editor):
    User = apps.get_model("learners", "User")
    User.objects.filter(changes_seen_at__isnull=True).update(changes_seen_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0003_user_records_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="records_version"),
        migrations.RenameField(
            model_name="user", old_name="dashboard_seen_at", new_name="changes_seen_at"
        ),
        migrations.RunPython(seen_since_joining, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="changes_seen_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text='When the learner last dismissed "what changed" on the dashboard; '
                "changes to the target role after this are reported.",
            ),
        ),
    ]
