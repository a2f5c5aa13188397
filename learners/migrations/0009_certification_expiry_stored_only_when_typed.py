"""Earned certifications keep only the expiry a learner typed: a default expiry that earlier
code stored on write (issue date + the certification's validity) becomes empty, so it is
computed on read and follows the issue date. A typed date equal to the default is cleared too:
it reads back the same."""

import calendar
import datetime as dt

from django.db import migrations


def _add_months(day: dt.date, months: int) -> dt.date:
    # A frozen copy of learners.readiness.load.add_months, as migrations never import app code.
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clear_stored_defaults(apps, schema_editor):
    EarnedCertification = apps.get_model("learners", "EarnedCertification")
    rows = (
        EarnedCertification.objects.filter(
            certification__isnull=False,
            certification__validity_months__gt=0,
            expires_on__isnull=False,
        )
        .values_list("pk", "issued_on", "expires_on", "certification__validity_months")
        .iterator(chunk_size=2000)
    )
    defaults = [
        pk
        for pk, issued_on, expires_on, validity in rows
        if expires_on == _add_months(issued_on, validity)
    ]
    for start in range(0, len(defaults), 2000):
        EarnedCertification.objects.filter(pk__in=defaults[start : start + 2000]).update(
            expires_on=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0008_throttle_time_index"),
    ]

    operations = [
        migrations.RunPython(clear_stored_defaults, migrations.RunPython.noop, elidable=True),
    ]
