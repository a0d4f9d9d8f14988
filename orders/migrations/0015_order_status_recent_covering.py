"""order_status_recent carries payment_status and shipment_status (INCLUDE), so a status filter combined with them is
counted from the index alone.

Why (issue 18, 10,000,000 orders): the shop's saved view "Te verzenden" (In behandeling + Betaald + Niet verzonden)
counts its orders up to ORDERS_COUNT_LIMIT on every list page and tab count. At 1M PostgreSQL answered the count with
a BitmapAnd of this index (1,206 processing orders) and order_shipment_recent (33,048 not shipped): 9 ms. At 10M the
same plan ANDs 28,598 with 317,478 index entries and rechecks the heap: 106 ms in EXPLAIN, 325 ms in the page. With the
two columns in the index it is an index-only scan of the processing orders, stopped at the limit.
(PostgreSQL only; other databases ignore INCLUDE. Rebuilding it takes about a minute at 10M orders.)
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
        ("orders", "0014_orderexport_expired_at"),
        ("status", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="order",
            name="order_status_recent",
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                condition=models.Q(("custom_status__isnull", True)),
                fields=["status", "-placed_at", "-id"],
                include=("payment_status", "shipment_status"),
                name="order_status_recent",
            ),
        ),
    ]
