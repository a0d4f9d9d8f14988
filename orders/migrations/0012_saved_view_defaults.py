"""The shared saved views the shop starts with (orders/saved_views.py names them in the reader's language by key)."""

from django.db import migrations

DEFAULTS = [
    # key, the Dutch name (unique among the shared views), the list's query string
    ("to_ship", "Te verzenden", "status=processing&payment_status=paid&shipment_status=not_shipped"),
    ("unpaid_14_days", "Niet betaald > 14 dagen", "payment_status=unpaid&placed_before_days=14"),
    ("on_hold", "In de wacht", "status=on_hold"),
    ("address_check", "Adres controleren", "address_check=on"),
]


def create(apps, schema_editor):
    SavedView = apps.get_model("orders", "SavedView")
    for position, (key, name, query) in enumerate(DEFAULTS, start=1):
        SavedView.objects.get_or_create(key=key, is_shared=True, defaults={"name": name, "query": query,
                                                                           "position": position})


def remove(apps, schema_editor):
    apps.get_model("orders", "SavedView").objects.filter(key__in=[key for key, *_rest in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0011_saved_view")]

    operations = [migrations.RunPython(create, remove)]
