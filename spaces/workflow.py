from taijiang.core.workflow import Workflow

from .models import Activity, SignUpStatus
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

SIGNUP_FLOW = Workflow({
    SignUpStatus.WAITLISTED: {SignUpStatus.CONFIRMED, SignUpStatus.CANCELLED},
    SignUpStatus.CONFIRMED: {SignUpStatus.CANCELLED},
    SignUpStatus.CANCELLED: set(),
})
SIGNUP_LABELS = dict(SignUpStatus.choices)

ACTIVITY_FLOW = Workflow({
    Activity.Status.PUBLISHED: {Activity.Status.CANCELLED, Activity.Status.FINISHED},
    Activity.Status.CANCELLED: set(),
    Activity.Status.FINISHED: set(),
})
ACTIVITY_LABELS = dict(Activity.Status.choices)
