"""Status transitions as data.

Each stateful model declares a `Workflow` beside its TextChoices:

    APPEAL_FLOW = Workflow({
        Status.SUBMITTED: {Status.ACCEPTED, Status.DECLINED},
        ...
    })

and its single transition service calls `APPEAL_FLOW.check(current, target)` before it
changes the row and writes the history row in the same transaction.
"""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from .exceptions import InvalidTransition


class Workflow:
    def __init__(self, transitions: Mapping[str, Iterable[str]]):
        self.transitions = {source: frozenset(targets) for source, targets in transitions.items()}

    def allowed(self, current: str) -> frozenset:
        return self.transitions.get(current, frozenset())

    def can(self, current: str, target: str) -> bool:
        return target in self.allowed(current)

    def check(self, current: str, target: str, *, labels: Mapping[str, str] | None = None) -> None:
        if not self.can(current, target):
            labels = labels or {}
            raise InvalidTransition(
                _("不能从“%(current)s”变为“%(target)s”。")
                % {"current": labels.get(current, current), "target": labels.get(target, target)},
                extra={"from": current, "to": target},
            )

    def is_final(self, current: str) -> bool:
        return not self.allowed(current)
