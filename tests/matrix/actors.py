"""The kinds of visitor every route is tried with (see tests/cast.py for who they are)."""

ACTORS = ["anonymous", "erin", "gina", "bob", "alice", "carol", "staff"]
#          anonymous  citizen  guest   member  owner   other org  platform staff
