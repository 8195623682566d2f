"""Abstract bases shared by the apps (no tables of their own).

- `Created` / `Timestamped`: the `created_at` (and `updated_at`) columns every table of record
  has. A model whose time means more than "row written" (an appeal's submission time, set by the
  demo and imports; an access log's indexed time) overrides `created_at`, with a reason beside it.
- `StatusChange`: the history row of every stateful model (from, to, who, note, when).
"""

from django.conf import settings
from django.db import models


class Created(models.Model):
    """When the row was written."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(Created):
    """When the row was written and last saved."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One row per status change (from_status empty on creation); actor None for the system.

    The history base of every stateful model: a concrete subclass adds the foreign key to its
    subject (`booking`, `application`, ...) and what its timeline says besides the status (an
    appeal's `kind` and `level`, a ticket's `action` and `window`, a request's `title`). A
    subclass that needs a longer status or note redeclares that field; every timeline reads
    `from_status`, `to_status`, `actor`, `note` and `at`, ordered by `at`.
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
