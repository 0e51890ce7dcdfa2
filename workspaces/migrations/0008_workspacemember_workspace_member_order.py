"""A box's (or group's) members in the order they came, page by page (the boxes API): without
this index the first page of a box with 2,000 members walked the members table by id.
A plain AddIndex, as in public_marketplace/0003 (tenant schemas replay it in a transaction)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0007_invitations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workspacemember",
            index=models.Index(fields=["workspace", "id"], name="workspace_member_order"),
        ),
    ]
