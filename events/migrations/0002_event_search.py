"""GIN index on the weighted vector the intranet search builds over title and description
(intranet/search.py): the search read every event and computed its vector, 34-42 ms at 3,000
events; with the index 6 ms, ranking the matches only (docs/benchmarks-intranet.md)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events_rsvps_calendar_tokens"),
        ("workspaces", "0003_post_search_statistics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "title", config="german", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "description", config="german", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("german"),
                ),
                name="event_search",
            ),
        ),
    ]
