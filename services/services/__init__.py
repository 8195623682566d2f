"""Write workflows of the one-window service, one module per seam (re-exported here)."""

from .appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_reschedule,
    appointments_mark_no_show,
    ensure_slots,
)
from .catalogue import (
    admission_decide,
    admission_propose,
    calendar_day_delete,
    calendar_day_save,
    catalogue_publish,
    item_set_status,
)
from .proxy import proxy_advance, proxy_assign, proxy_confirm
from .queue import (
    recalls_before_no_show,
    ticket_call_next,
    ticket_cancel,
    ticket_complete,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
    ticket_verify_priority,
    window_set_open,
)
from .requests import (
    request_accept,
    request_add_materials,
    request_complete,
    request_mark_missing,
    request_process,
    request_reject,
    request_start_review,
    request_submit,
    request_supplement,
    request_withdraw,
)

__all__ = [
    "admission_decide", "admission_propose", "appointment_book", "appointment_cancel",
    "appointment_check_in", "appointment_reschedule", "appointments_mark_no_show", "calendar_day_delete", "calendar_day_save",
    "catalogue_publish", "ensure_slots", "item_set_status", "proxy_advance", "proxy_assign", "proxy_confirm",
    "request_accept", "request_add_materials", "request_complete", "request_mark_missing", "request_process", "request_reject",
    "recalls_before_no_show", "request_start_review", "request_submit", "request_supplement", "request_withdraw",
    "ticket_call_next",
    "ticket_cancel", "ticket_complete", "ticket_issue", "ticket_no_show", "ticket_recall", "ticket_start",
    "ticket_transfer", "ticket_verify_priority", "window_set_open",
]
