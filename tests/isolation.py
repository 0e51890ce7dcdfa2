"""What one test process may reset between tests without touching a parallel one's state."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches


def clear_caches(suffix: str = "") -> None:
    """Forget this process's cache entries. Parallel test processes share one Redis database
    (each with its own key prefix, config/settings.py), so a Redis cache deletes its own keys
    instead of flushing the database; keys carry the schema in front of the prefix.
    ``suffix``: the entries of this process's browser-test stack instead (its prefix + suffix)."""
    for alias, options in settings.CACHES.items():
        cache = caches[alias]
        prefix = options.get("KEY_PREFIX")
        if prefix and suffix:  # "wecreate-gw0-platform" → "wecreate-gw0-stack-platform"
            own = settings.CACHE_KEY_PREFIX
            prefix = f"{own}{suffix}{prefix[len(own) :]}"
        get_client = getattr(getattr(cache, "client", None), "get_client", None)
        if get_client is None or not prefix:
            cache.clear()
            continue
        redis = get_client(write=True)
        keys = list(redis.scan_iter(match=f"*{prefix}:*", count=1000))
        if keys:
            redis.delete(*keys)
