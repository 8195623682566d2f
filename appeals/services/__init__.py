"""Write workflows of the appeals app, split along their seams:

- submit: filing (resident, on behalf, external), photos, rate limit, tracking number
- route: place → grid/community/street, levels and their deadlines
- lifecycle: every move after filing (one transition function, one history row each)
- deadlines: the periodic sweeps (missed deadlines, auto-close)
"""

from .contact import reveal_contact_phone
from .deadlines import act_on_breach, auto_close_unrated, sweep_deadlines
from .lifecycle import (
    accept,
    add_info,
    add_note,
    appeal_transition,
    change_category,
    decline,
    escalate,
    merge,
    rate,
    reopen,
    reply,
    request_info,
    route,
    start,
)
from .submit import appeal_create_external, appeal_create_on_behalf, appeal_submit, check_rate, clean_photos

__all__ = [
    "accept", "act_on_breach", "add_info", "add_note", "appeal_create_external", "appeal_create_on_behalf",
    "appeal_submit", "appeal_transition", "auto_close_unrated", "change_category", "check_rate", "clean_photos",
    "decline", "escalate", "merge", "rate", "reopen", "reply", "request_info", "reveal_contact_phone", "route",
    "start", "sweep_deadlines",
]
