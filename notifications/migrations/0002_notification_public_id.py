"""Notifications get a public UUID for URLs (no sequential ids in addresses).

Three steps so that existing rows each get their own value: add the column nullable, fill it in
batches, then make it unique and required. Runs in the public schema and in every organisation.
"""

import uuid

from django.db import migrations, models
from django.db.models import Func

BATCH = 5000


def fill_public_ids(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    while True:
        ids = list(
            Notification.objects.filter(public_id__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return
        Notification.objects.filter(pk__in=ids).update(
            public_id=Func(function="gen_random_uuid", output_field=models.UUIDField())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
