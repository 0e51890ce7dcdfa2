#!/usr/bin/env bash
# Screenshots of the home page, an impulse, the list with its filter, an intranet's start page
# and the billing page, at desktop (1280 px) and phone (390 px) width, into docs/screenshots/.
# Runs the browser test that checks those pages (tests/e2e/test_screenshots.py) against a fresh
# stack with the demo data; needs Chromium (/usr/bin/chromium) and `make install`.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_SCREENSHOTS="$PWD/docs/screenshots" .venv/bin/python -m pytest tests/e2e/test_screenshots.py -q -p no:cacheprovider "$@"
ls docs/screenshots
