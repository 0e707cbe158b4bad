"""Recompute every stored stroke key: people by the 姓氏笔画 rule (single given names first, compound
surnames, notes and dots ignored), organisations character by character; corrected stroke data
(core.stroke_overrides) and the new key encoding (units in digits 1-9, ``0`` as the blank).

The current ``core.strokes`` is used on purpose (the keys must match what save() writes now); a later
change of the rule or the data comes with its own migration like this one.
"""

from django.db import migrations

from core.strokes import stroke_key

BATCH = 2000


def _recompute(model, rule):
    pending = []
    for obj in model.objects.only("pk", "name", "stroke_key").order_by("pk").iterator(chunk_size=BATCH):
        key = stroke_key(obj.name, rule)
        if key != obj.stroke_key:
            obj.stroke_key = key
            pending.append(obj)
        if len(pending) >= BATCH:
            model.objects.bulk_update(pending, ["stroke_key"])
            pending = []
    if pending:
        model.objects.bulk_update(pending, ["stroke_key"])


def forwards(apps, schema_editor):
    _recompute(apps.get_model("directory", "Person"), "surname")
    _recompute(apps.get_model("directory", "Organization"), "collective")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
