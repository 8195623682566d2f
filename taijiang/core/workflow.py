"""Status transitions as data: the whole truth about which move is allowed from which status.

Each stateful model declares a `Workflow` beside its TextChoices:

    APPEAL_FLOW = Workflow(Status, {
        Status.SUBMITTED: {Status.ACCEPTED, Status.DECLINED},
        ...
    }, actions={
        # actions that share a target are told apart by where they may start from
        "accept": Step({Status.SUBMITTED}, _("受理")),
    })

The transition service calls `APPEAL_FLOW.check(current, target)` before it changes the row and
writes the history row in the same transaction; an action whose sources are narrower than the
table's (accepting vs. the resident's answer both lead to "accepted") calls
`APPEAL_FLOW.check_action("accept", current)` first. Labels come from the TextChoices, so a
refusal names the statuses the way the pages show them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from .exceptions import InvalidTransition


@dataclass(frozen=True)
class Step:
    """One named action: the statuses it may start from and how a refusal reads.

    `refusal` may use %(status)s (the current status's label) and %(action)s (`label`); without
    it the message is the generic "当前状态为…，不能…".
    """

    sources: Iterable[str]
    label: str = ""
    refusal: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


class Workflow:
    def __init__(self, choices: type[TextChoices], transitions: Mapping[str, Iterable[str]], *,
                 actions: Mapping[str, Step] | None = None):
        self.choices = choices
        self.transitions = {source: frozenset(targets) for source, targets in transitions.items()}
        self.actions = dict(actions or {})
        unknown = {s for s in (*self.transitions, *(t for ts in self.transitions.values() for t in ts))
                   if s not in choices.values}
        unknown |= {s for step in self.actions.values() for s in step.sources if s not in choices.values}
        if unknown:  # a typo in a table would silently refuse (or allow) a move
            raise ValueError(f"{choices.__name__} has no status {sorted(unknown)}")

    @property
    def labels(self) -> dict:
        return dict(self.choices.choices)

    def label(self, status: str) -> str:
        return self.labels.get(status, status)

    def allowed(self, current: str) -> frozenset:
        return self.transitions.get(current, frozenset())

    def can(self, current: str, target: str) -> bool:
        return target in self.allowed(current)

    def check(self, current: str, target: str) -> None:
        if not self.can(current, target):
            raise InvalidTransition(
                _("不能从“%(current)s”变为“%(target)s”。")
                % {"current": self.label(current), "target": self.label(target)},
                extra={"from": current, "to": target},
            )

    def can_act(self, action: str, current: str) -> bool:
        return current in self.actions[action].sources

    def check_action(self, action: str, current: str) -> None:
        """Refuse `action` unless it may start from `current` (InvalidTransition, 409)."""
        step = self.actions[action]
        if current not in step.sources:
            message = step.refusal or _("当前状态为“%(status)s”，不能%(action)s。")
            raise InvalidTransition(message % {"status": self.label(current), "action": step.label},
                                    extra={"from": current, "action": action})
