from taijiang.core.workflow import Workflow

from .models import BookingStatus as S

BOOKING_FLOW = Workflow({
    S.PENDING: {S.CONFIRMED, S.REJECTED, S.CANCELLED},
    S.CONFIRMED: {S.CHECKED_IN, S.CANCELLED, S.NO_SHOW},
    S.CHECKED_IN: set(),
    S.CANCELLED: set(),
    S.REJECTED: set(),
    S.NO_SHOW: set(),
})

BOOKING_LABELS = dict(S.choices)
