"""Support goals: an impulse aims at a council body with a goal and a deadline.

New columns are nullable (no table rewrite); the partial index covers only impulses with an open
goal, so it starts empty. A plain AddIndex for the reason given in 0003. The two CHECK
constraints read the table once while it is locked; every existing row has no goal and passes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("public_marketplace", "0007_council_body_rules"),
        ("tenants", "0004_organisation_verification"),
        ("workspaces", "0008_workspacemember_workspace_member_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="impulse",
            name="goal_missed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="impulse",
            name="goal_missed_count",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="impulse",
            name="goal_reached_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="impulse",
            name="support_deadline",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Frist"),
        ),
        migrations.AddField(
            model_name="impulse",
            name="support_goal",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="Unterstützungsziel"
            ),
        ),
        migrations.AddField(
            model_name="impulse",
            name="target_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="aimed_impulses",
                to="public_marketplace.councilbody",
                verbose_name="Gremium",
            ),
        ),
        migrations.AddIndex(
            model_name="impulse",
            index=models.Index(
                condition=models.Q(
                    ("goal_missed_at__isnull", True),
                    ("goal_reached_at__isnull", True),
                    ("support_deadline__isnull", False),
                ),
                fields=["support_deadline", "id"],
                name="impulse_open_goal",
            ),
        ),
        migrations.AddConstraint(
            model_name="impulse",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("support_deadline__isnull", True),
                        ("support_goal__isnull", True),
                        ("target_body__isnull", True),
                    ),
                    models.Q(
                        ("support_deadline__isnull", False),
                        ("support_goal__gte", 1),
                        ("target_body__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="impulse_goal_complete",
            ),
        ),
        migrations.AddConstraint(
            model_name="impulse",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("goal_reached_at__isnull", True),
                    ("goal_missed_at__isnull", True),
                    _connector="OR",
                ),
                name="impulse_goal_reached_or_missed",
            ),
        ),
    ]
