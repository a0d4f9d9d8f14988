from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0006_invoiceprint_expired_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="invoiceprint",
            name="attempts",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
