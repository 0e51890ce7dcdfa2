"""Trigram index for searching people by name (`display_name__icontains`, i.e. UPPER(…) LIKE
'%…%'): the intranet's people search read every account (docs/benchmarks-intranet.md).
pg_trgm is created by public_marketplace 0002."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_blocked_at_user_blocked_reason"),
        ("public_marketplace", "0003_support_named_newest"),
        ("tenants", "0003_organisation_settings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("display_name"), name="gin_trgm_ops"
                ),
                name="user_display_name_trgm",
            ),
        ),
    ]
