"""Recompute every award's stroke key: people's by the 姓氏笔画 rule (single given names first,
compound surnames, notes and dots ignored), collectives' character by character; corrected stroke
data (core.stroke_overrides) and the new key encoding. The roster index (0003) is unchanged and
serves the same ORDER BY stroke_key.

The current ``core.strokes`` is used on purpose (the keys must match what save() writes now).
"""

from django.db import migrations

from core.strokes import stroke_key

BATCH = 2000


def forwards(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    pending = []
    rows = Award.objects.only("pk", "recipient_name", "organization_id", "stroke_key").order_by("pk")
    for award in rows.iterator(chunk_size=BATCH):
        key = stroke_key(award.recipient_name, "collective" if award.organization_id else "surname")
        if key != award.stroke_key:
            award.stroke_key = key
            pending.append(award)
        if len(pending) >= BATCH:
            Award.objects.bulk_update(pending, ["stroke_key"])
            pending = []
    if pending:
        Award.objects.bulk_update(pending, ["stroke_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_award_roster_order_index"),
        ("directory", "0002_recompute_stroke_keys"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
