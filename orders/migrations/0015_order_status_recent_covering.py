"""order_status_recent carries payment_status and shipment_status (INCLUDE), so a status filter combined with them is
counted from the index alone.

Why (issue 18, 10,000,000 orders): the shop's saved view "Te verzenden" (In behandeling + Betaald + Niet verzonden)
counts its orders up to ORDERS_COUNT_LIMIT on every list page and tab count. At 1M PostgreSQL answered the count with
a BitmapAnd of this index (1,206 processing orders) and order_shipment_recent (33,048 not shipped): 9 ms. At 10M the
same plan ANDs 28,598 with 317,478 index entries and rechecks rows: 106 ms in EXPLAIN, 325 ms in order_list. With the
two columns in the index it is an index-only scan of the processing orders, stopped at the limit.
(PostgreSQL only, like the trigram indexes of 0002: SQLite has no INCLUDE and Django would warn about it on every
check (models.W040), so the model's Meta keeps the plain index. Rebuilding it takes about a minute at 10M orders.)
"""

from django.db import migrations

WITH_INCLUDE = (
    "CREATE INDEX order_status_recent ON orders_order (status, placed_at DESC, id DESC)"
    " INCLUDE (payment_status, shipment_status) WHERE custom_status_id IS NULL"
)
WITHOUT_INCLUDE = (
    "CREATE INDEX order_status_recent ON orders_order (status, placed_at DESC, id DESC) WHERE custom_status_id IS NULL"
)


def recreate(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS order_status_recent")
        schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("orders", "0014_orderexport_expired_at")]

    operations = [migrations.RunPython(recreate(WITH_INCLUDE), recreate(WITHOUT_INCLUDE))]
