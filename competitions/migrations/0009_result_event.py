# Result.event: the entry's event copied onto its result, so the public results of a large event
# walk the (event, rank) index. Added nullable, filled from the entries, then made required.

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE {table} SET event_id = (SELECT e.event_id FROM competitions_entry e WHERE e.id = {table}.entry_id)"
    " WHERE event_id IS NULL"
)


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0008_innovation_projects_votes_recusal'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalresult',
            name='event',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='competitions.event', verbose_name='赛项'),
        ),
        migrations.AddField(
            model_name='result',
            name='event',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='competitions.event', verbose_name='赛项'),
        ),
        migrations.RunSQL(FILL.format(table="competitions_result"), migrations.RunSQL.noop),
        migrations.RunSQL(FILL.format(table="competitions_historicalresult"), migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='result',
            name='event',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='competitions.event', verbose_name='赛项'),
        ),
        migrations.AddIndex(
            model_name='result',
            index=models.Index(fields=['event', 'rank'], name='result_event_rank'),
        ),
    ]
