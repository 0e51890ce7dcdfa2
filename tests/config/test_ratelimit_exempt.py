"""The platform's own content (demo data) is not slowed by the limits meant for people."""

from __future__ import annotations

from typing import Any

import pytest

from config import ratelimit
from config.domain import RateLimited


def test_exempt_lets_the_platform_post_past_the_limit_and_only_there(settings: Any) -> None:
    settings.RATE_LIMITS = {"impulse.create": (1, 3600)}
    with ratelimit.exempt():
        for _ in range(5):
            ratelimit.hit("impulse.create", "demo-person")
    ratelimit.hit("impulse.create", "demo-person")  # the first counted hit
    with pytest.raises(RateLimited):
        ratelimit.hit("impulse.create", "demo-person")
