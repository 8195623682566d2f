"""Write workflows of the appeals app, split along their seams:

- submit: filing (resident, on behalf, external), photos, rate limit, tracking number
- route: place → grid/community/street, levels and their deadlines
- lifecycle: every move after filing (one transition function, one history row each)
- deadlines: the periodic sweeps (missed deadlines, auto-close)
"""

from .contact import reveal_contact_phone
from .deadlines import act_on_breach, auto_close_unrated, sweep_deadlines
from .lifecycle import (
    appeal_accept,
    appeal_add_info,
    appeal_add_note,
    appeal_change_category,
    appeal_decline,
    appeal_escalate,
    appeal_merge,
    appeal_rate,
    appeal_record_contact,
    appeal_record_satisfaction,
    appeal_reopen,
    appeal_reply,
    appeal_request_info,
    appeal_route,
    appeal_start,
    appeal_transition,
    lock_appeal,
)
from .submit import appeal_create_external, appeal_create_on_behalf, appeal_submit, check_rate, clean_photos

__all__ = [
    "act_on_breach", "appeal_accept", "appeal_add_info", "appeal_add_note", "appeal_change_category",
    "appeal_create_external", "appeal_create_on_behalf", "appeal_decline", "appeal_escalate", "appeal_merge",
    "appeal_rate", "appeal_record_contact", "appeal_record_satisfaction", "appeal_reopen", "appeal_reply", "appeal_request_info", "appeal_route", "appeal_start",
    "appeal_submit", "appeal_transition", "auto_close_unrated", "check_rate", "clean_photos", "lock_appeal",
    "reveal_contact_phone", "sweep_deadlines",
]
