"""Finer planner statistics for the post search index's expression.

With the default statistics target, ANALYZE keeps only the most common ~100 words of the
posts; every other word is estimated at 0.5 % of the posts. For a rare word PostgreSQL then
walks the posts newest first, computing ``to_tsvector`` for each, instead of reading the few
matches from the GIN index: 1.1 s for a word in 64 of 200,000 posts (docs/
benchmarks-intranet.md). With 1,000 the estimates follow the real counts and the planner takes
the index for rare words and the walk for common ones. The price is a slower ANALYZE of the
posts (it samples up to 300,000 rows and computes their vectors: about 5 s at 200,000 posts).

Runs in every schema that has the table (public and each organisation's), as the index does,
and analyses the posts there at once.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0002_post_search")]

    operations = [
        migrations.RunSQL(
            [
                "ALTER INDEX post_body_search ALTER COLUMN 1 SET STATISTICS 1000",
                # Now rather than at the next autovacuum.
                "ANALYZE workspaces_post",
            ],
            reverse_sql="ALTER INDEX post_body_search ALTER COLUMN 1 SET STATISTICS -1",
        ),
    ]
