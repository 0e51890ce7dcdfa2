"""Indexes for a box's task board and list at 20,000 tasks (docs/benchmarks.md, boxes): the
"done" column read the whole box's finished tasks to sort them by completion, and the list
sorted every task of the box by (due date, no date last, id). A plain AddIndex, as in
public_marketplace/0003: django-tenants replays migrations in every schema, inside a
transaction for the template schema, where CONCURRENTLY is refused."""

import datetime

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("taskboard", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("status", "done")),
                fields=["workspace", "-completed_at", "-id"],
                name="task_board_done",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                models.F("workspace"),
                django.db.models.functions.comparison.Coalesce(
                    "due_date", models.Value(datetime.date(9999, 12, 31))
                ),
                models.F("id"),
                name="task_list_due",
            ),
        ),
    ]
