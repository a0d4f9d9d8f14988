"""order_payment_sort carries shipment_status (INCLUDE): a payment status filter combined with the shipment status is
counted from the index alone.

Why (issue 18, 10,000,000 orders): a saved view "unpaid, not shipped, placed more than 14 days ago" (the bench's
"Bench: open > 14 dagen") counts up to ORDERS_COUNT_LIMIT through this index, and read every one of those 10,001
orders from the table to check its shipment status: 13.5 ms in EXPLAIN at 10M, the slowest query of the scenario
"Saved view, three filters" once migration 0015 had fixed "Te verzenden". (PostgreSQL only, like the trigram indexes of
0002: SQLite has no INCLUDE and Django would warn about it on every check (models.W040), so the model's Meta keeps
the plain index. Rebuilding it takes under a minute at 10M orders.)
"""

from django.db import migrations

WITH_INCLUDE = "CREATE INDEX order_payment_sort ON orders_order (payment_status, placed_at, id) INCLUDE (shipment_status)"
WITHOUT_INCLUDE = "CREATE INDEX order_payment_sort ON orders_order (payment_status, placed_at, id)"


def recreate(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS order_payment_sort")
        schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("orders", "0015_order_status_recent_covering")]

    operations = [migrations.RunPython(recreate(WITH_INCLUDE), recreate(WITHOUT_INCLUDE))]
