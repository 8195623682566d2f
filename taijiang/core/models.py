"""Abstract bases shared by the apps (no tables of their own)."""

from django.conf import settings
from django.db import models


class StatusChange(models.Model):
    """One row per status change (from_status empty on creation); actor None for the system.

    The history base of every stateful model: a concrete subclass adds the foreign key to its
    subject (`booking`, `application`, ...). Abstract, so moving it here changed no migration.
    """

    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
