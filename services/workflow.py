"""Allowed status transitions of requests, proxy tasks, tickets and appointments (status as data)."""

from taijiang.core.workflow import Workflow

from .models import Appointment, ProxyStatus, RequestStatus, TicketStatus

R = RequestStatus
REQUEST_FLOW = Workflow(RequestStatus, {
    R.SUBMITTED: {R.PRE_REVIEW, R.WITHDRAWN},
    R.PRE_REVIEW: {R.MATERIALS_MISSING, R.ACCEPTED, R.REJECTED, R.WITHDRAWN},
    R.MATERIALS_MISSING: {R.PRE_REVIEW, R.REJECTED, R.WITHDRAWN},
    R.ACCEPTED: {R.PROCESSING, R.COMPLETED, R.REJECTED, R.WITHDRAWN},
    # processing → processing is a transfer to the street or the district
    R.PROCESSING: {R.PROCESSING, R.COMPLETED, R.REJECTED, R.WITHDRAWN},
    R.COMPLETED: set(),
    R.REJECTED: set(),
    R.WITHDRAWN: set(),
})

P = ProxyStatus
PROXY_FLOW = Workflow(ProxyStatus, {
    P.REGISTERED: {P.HANDLING},
    P.HANDLING: {P.REPLIED},
    P.REPLIED: {P.HANDED_OVER},
    P.HANDED_OVER: {P.CONFIRMED},
    P.CONFIRMED: set(),
})

T = TicketStatus
TICKET_FLOW = Workflow(TicketStatus, {
    T.WAITING: {T.CALLED, T.CANCELLED},
    # called → called is a recall; → waiting is a hand-over to another window of the centre
    T.CALLED: {T.CALLED, T.SERVING, T.COMPLETED, T.NO_SHOW, T.WAITING, T.TRANSFERRED},
    T.SERVING: {T.COMPLETED, T.WAITING, T.TRANSFERRED},
    T.COMPLETED: set(),
    T.NO_SHOW: set(),
    T.TRANSFERRED: set(),
    T.CANCELLED: set(),
})

A = Appointment.Status
APPOINTMENT_FLOW = Workflow(Appointment.Status, {
    A.BOOKED: {A.CHECKED_IN, A.CANCELLED, A.NO_SHOW, A.BOOKED},  # booked → booked is a reschedule
    A.CHECKED_IN: set(),
    A.CANCELLED: set(),
    A.NO_SHOW: set(),
})
