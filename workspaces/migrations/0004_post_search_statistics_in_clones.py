"""The post search index's statistics target (0003) in organisations made by cloning.

Schemas cloned from the template got 0003 recorded as applied, but the clone did not copy the
statistics target, so their rare-word searches read every post. New clones get it from
tenants.services.copy_statistics_targets; this sets it where it is missing, then analyses the
posts again. Not atomic: an ANALYZE in the transaction that changed the target still samples
with the old one (so 0003's own ANALYZE left the default statistics behind as well).
"""

from django.db import migrations

SQL = """
DO $$
DECLARE
    search_index regclass := to_regclass(quote_ident(current_schema()) || '.post_body_search');
BEGIN
    -- This schema's index only (never another one found through the search path).
    IF search_index IS NOT NULL AND COALESCE((SELECT a.attstattarget FROM pg_attribute a
        WHERE a.attrelid = search_index AND a.attnum = 1), -1) <= 0 THEN
        EXECUTE format('ALTER INDEX %s ALTER COLUMN 1 SET STATISTICS 1000', search_index);
    END IF;
END $$;
"""


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("workspaces", "0003_post_search_statistics")]

    operations = [
        migrations.RunSQL([SQL, "ANALYZE workspaces_post"], reverse_sql=migrations.RunSQL.noop)
    ]
