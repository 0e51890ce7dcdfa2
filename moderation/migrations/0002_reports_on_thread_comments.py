"""Reports about comments point at the thread building block (threads.Comment) instead of
the old impulse comments; each report keeps its comment (matched by public id, which the
copy in threads/0002 kept). The moderation app lives in the public schema only."""

import django.db.models.deletion
from django.db import migrations, models

REMAP = """
UPDATE moderation_report r SET new_comment_id = c.id
FROM public_marketplace_comment o, threads_comment c
WHERE r.comment_id = o.id AND c.public_id = o.public_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("threads", "0002_copy_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="new_comment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="threads.comment",
            ),
        ),
        migrations.RunSQL(REMAP, migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="report", name="report_exactly_one_target"),
        migrations.RemoveConstraint(model_name="report", name="report_open_once_per_comment"),
        migrations.RemoveField(model_name="report", name="comment"),
        migrations.RenameField(model_name="report", old_name="new_comment", new_name="comment"),
        migrations.AlterField(
            model_name="report",
            name="comment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="threads.comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("comment__isnull", True),
                        ("impulse__isnull", False),
                        ("reported_user__isnull", True),
                        ("target_kind", "impulse"),
                    ),
                    models.Q(
                        ("comment__isnull", False),
                        ("impulse__isnull", True),
                        ("reported_user__isnull", True),
                        ("target_kind", "comment"),
                    ),
                    models.Q(
                        ("comment__isnull", True),
                        ("impulse__isnull", True),
                        ("reported_user__isnull", False),
                        ("target_kind", "user"),
                    ),
                    _connector="OR",
                ),
                name="report_exactly_one_target",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("reporter", "comment"),
                name="report_open_once_per_comment",
            ),
        ),
    ]
