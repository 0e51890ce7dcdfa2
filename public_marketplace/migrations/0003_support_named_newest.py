"""The named supporters of a popular impulse (100,000 supports in the benchmark) were read by
sorting all of its supports; this partial index serves them in order.

A plain AddIndex, not AddIndexConcurrently: django-tenants replays every migration in each tenant
schema, and the template schema is migrated inside a transaction, where CONCURRENTLY is refused.
On 5,000,000 supports the index takes a few seconds to build (docs/benchmarks-network.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("public_marketplace", "0002_impulses"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="support",
            index=models.Index(
                condition=models.Q(("show_name", True)),
                fields=["impulse", "-created_at"],
                name="support_named_newest",
            ),
        ),
    ]
