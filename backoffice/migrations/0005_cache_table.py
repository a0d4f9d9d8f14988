"""The database cache's table, for production without Redis (backoffice/settings/production.py): `createcachetable`
as part of `migrate`, so no deployment can forget it. It creates the tables of the DatabaseCache backends the
running settings configure, and only those that are missing; with Redis or the local memory cache it does nothing."""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0004_config_change")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop, elidable=True)]
