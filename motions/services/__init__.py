"""The rules that change motions, one module per stage: ``drafting`` (start, versions with
merge, paragraph comments), ``signing``, ``submission`` (PDF, outbox), ``receiving`` (the
body's administration). Each function runs in one transaction and raises ``MotionError``; a
refusal changes nothing."""
