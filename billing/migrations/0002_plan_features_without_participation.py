"""Participation procedures were listed in plans but never built: taken out of every plan."""

from django.db import migrations, models

UNBUILT = "participation_procedures"


def drop_unbuilt_feature(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan in Plan.objects.filter(features__contains=[UNBUILT]):
        plan.features = [f for f in plan.features if f != UNBUILT]
        plan.save(update_fields=["features"])


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="features",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Liste aus: decisions, custom_domain, single_sign_on, api_access",
                verbose_name="Funktionen",
            ),
        ),
        migrations.RunPython(drop_unbuilt_feature, migrations.RunPython.noop),
    ]
