from taijiang.core.workflow import Workflow

from .models import Activity, SignUpStatus
from .models import BookingStatus as S

BOOKING_FLOW = Workflow(S, {
    S.PENDING: {S.CONFIRMED, S.REJECTED, S.CANCELLED},
    S.CONFIRMED: {S.CHECKED_IN, S.CANCELLED, S.NO_SHOW},
    S.CHECKED_IN: set(),
    S.CANCELLED: set(),
    S.REJECTED: set(),
    S.NO_SHOW: set(),
})


SIGNUP_FLOW = Workflow(SignUpStatus, {
    SignUpStatus.WAITLISTED: {SignUpStatus.CONFIRMED, SignUpStatus.CANCELLED},
    SignUpStatus.CONFIRMED: {SignUpStatus.CANCELLED},
    SignUpStatus.CANCELLED: set(),
})

ACTIVITY_FLOW = Workflow(Activity.Status, {
    Activity.Status.PUBLISHED: {Activity.Status.CANCELLED, Activity.Status.FINISHED},
    Activity.Status.CANCELLED: set(),
    Activity.Status.FINISHED: set(),
})
