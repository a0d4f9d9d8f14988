"""Finer statistics on the trigram search indexes (PostgreSQL only).

With the default statistics target each ANALYZE estimated name matches differently, and now and then the
planner switched the list's search to a scan-and-sort plan 20× slower. ANALYZE of orders takes longer.
"""

from django.db import migrations

INDEXES = ["order_billing_name_trgm", "order_shipping_name_trgm", "order_email_trgm"]


def set_statistics(target):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS {target}")

    return operation


class Migration(migrations.Migration):
    dependencies = [("orders", "0003_hold_and_cancel_reasons")]

    operations = [migrations.RunPython(set_statistics(1000), set_statistics(-1))]
