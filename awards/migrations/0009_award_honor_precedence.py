"""Award.honor_precedence: the honour's 名单排序 copied onto its awards, and an index in 表彰记录's
default order (year newest first, unknown years last; precedence; 笔画; id), so that the list's page
1 walks the index for its rows instead of sorting every visible award (issue 13).

The index is written per database: PostgreSQL needs ``NULLS LAST`` for the unknown years, SQLite
puts NULLs last in a descending order already and takes no ``NULLS`` clause in an index.
"""

from django.db import migrations, models

FILL = (
    "UPDATE awards_award SET honor_precedence ="
    " (SELECT h.precedence FROM awards_honortype h WHERE h.id = awards_award.honor_type_id)"
)
INDEX = {
    "postgresql": "CREATE INDEX award_list_order ON awards_award"
    " (year DESC NULLS LAST, honor_precedence, stroke_key, id)",
    "sqlite": "CREATE INDEX award_list_order ON awards_award (year DESC, honor_precedence, stroke_key, id)",
}


def create_index(apps, schema_editor):
    sql = INDEX.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in INDEX:
        schema_editor.execute("DROP INDEX IF EXISTS award_list_order")


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_historicalobjection_receipt'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='award',
            options={'ordering': ['-year', 'honor_precedence', 'stroke_key', 'id'], 'verbose_name': '表彰记录', 'verbose_name_plural': '表彰记录'},
        ),
        migrations.AddField(
            model_name='award',
            name='honor_precedence',
            field=models.PositiveSmallIntegerField(default=100, editable=False, verbose_name='荣誉排序'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
