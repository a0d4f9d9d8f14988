from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0005_cache_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="PrintChunk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("print_type", models.CharField(max_length=60)),
                ("print_id", models.PositiveBigIntegerField()),
                ("index", models.PositiveIntegerField()),
                ("order_ids", models.JSONField(default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "In de wachtrij"),
                            ("running", "Bezig"),
                            ("done", "Klaar"),
                            ("failed", "Mislukt"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("worker", models.CharField(blank=True, max_length=200)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("file", models.CharField(blank=True, max_length=200)),
                ("count", models.PositiveIntegerField(default=0)),
                ("skipped", models.JSONField(default=list)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "printdeel",
                "verbose_name_plural": "printdelen",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("print_type", "print_id", "index"), name="printchunk_once_per_index"
                    )
                ],
            },
        ),
    ]
