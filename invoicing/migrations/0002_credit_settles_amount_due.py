from django.db import migrations, models
from django.db.models import F, Q


def mark_existing(apps, schema_editor):
    """Credit invoices made while the credited invoice was unpaid settled the amount due: nothing to refund."""
    Invoice = apps.get_model("invoicing", "Invoice")
    settled = Invoice.objects.filter(kind="credit").filter(
        Q(credited_invoice__paid_at__isnull=True) | Q(credited_invoice__paid_at__gt=F("issued_at"))
    )
    Invoice.objects.filter(pk__in=settled.values("pk")).update(settles_amount_due=True)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="settles_amount_due",
            field=models.BooleanField(default=False, verbose_name="verrekend met het openstaande bedrag"),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
