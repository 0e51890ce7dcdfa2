#!/usr/bin/env bash
# Refresh the English translation catalogue after template or code changes.
#
# makemessages re-extracts every German msgid into locale/en/LC_MESSAGES/django.po (msgmerge
# keeps existing translations; new or changed strings show up with an empty or "#, fuzzy"
# msgstr and need translating), then compilemessages rebuilds django.mo.
# Needs GNU gettext (msgfmt, xgettext, msgmerge) and the project's .venv.
set -euo pipefail

cd "$(dirname "$0")/.."

# These commands never touch the database: don't start the embedded one just to load settings.
export EMBEDDED_POSTGRES=false
# Without SECRET_KEY the settings refuse to load unless DEBUG is on.
if [[ -z "${SECRET_KEY:-}" ]]; then
    export DEBUG="${DEBUG:-true}"
fi

PYTHON=.venv/bin/python

mkdir -p locale
"$PYTHON" manage.py makemessages -l en \
    --ignore=.venv --ignore=node_modules --ignore=.local --ignore=tests --ignore=bench \
    --add-location=file
"$PYTHON" manage.py compilemessages -l en --ignore=.venv

# Report what still needs translating.
msgfmt --check-format --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
