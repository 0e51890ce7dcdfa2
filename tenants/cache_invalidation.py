"""Keep the host → organisation cache honest. Cache upkeep only: no business flow here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from tenants.models import Domain, Organisation
from tenants.routing import forget_host, forget_organisation


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    forget_organisation(instance.pk)
    transaction.on_commit(lambda: forget_organisation(instance.pk))


@receiver(pre_delete, sender=Organisation)
def _organisation_deleted(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    forget_organisation(instance.pk)


@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def _domain_changed(sender: Any, instance: Domain, **kwargs: Any) -> None:
    forget_host(instance.domain)
    transaction.on_commit(lambda: forget_host(instance.domain))
