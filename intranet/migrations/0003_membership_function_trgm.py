"""Trigram index for the people search by function (intranet/search.py): with 20,000 members
the search read every membership (docs/benchmarks-intranet.md). pg_trgm comes with the
public schema (public_marketplace 0002); accounts 0005 indexes the names the same way."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0002_member_directory"),
        ("accounts", "0005_user_display_name_trgm"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="membership",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("function"), name="gin_trgm_ops"
                ),
                name="membership_function_trgm",
            ),
        ),
    ]
