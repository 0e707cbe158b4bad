"""Event.registered_count (报名人数 of the event), filled from the entries; from now on kept by the
entry services (competitions.services.common.registered_count_add)."""

from django.db import migrations, models

FILL = (
    "UPDATE competitions_event SET registered_count = (SELECT COUNT(*) FROM competitions_entry e"
    " WHERE e.event_id = competitions_event.id AND e.status = 'registered')"
)


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0010_entry_delegation_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='registered_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='报名人数'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
