"""Fixtures of the motion tests."""

from tests.motions.smtp import smtp_server  # noqa: F401 (a fixture: the local SMTP server)
