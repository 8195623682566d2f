"""Each stateful model's transitions as data (checked by the one transition helper in services.py)."""

from taijiang.core.workflow import Workflow

from .models import ApplicationStatus as A
from .models import Disposition as D
from .models import LedgerStatus as L
from .models import RefusalStatus as R

APPLICATION_FLOW = Workflow(A, {
    # Every street concerned may add its opinion: reviewed → reviewed records a further one.
    A.SUBMITTED: {A.REVIEWED, A.WITHDRAWN},
    A.REVIEWED: {A.REVIEWED, A.ADMITTED, A.REFUSED, A.WITHDRAWN},
    # An admitted task may be taken off the register again (退出).
    A.ADMITTED: {A.EXITED},
    A.REFUSED: set(),
    A.WITHDRAWN: set(),
    A.EXITED: set(),
})

TASK_FLOW = Workflow(D, {
    D.KEPT: {D.RETURNED, D.MERGED, D.ABOLISHED, D.WITHDRAWN},
    D.RETURNED: set(),
    D.MERGED: set(),
    D.ABOLISHED: set(),
    D.WITHDRAWN: set(),
})

REFUSAL_FLOW = Workflow(R, {
    R.RECORDED: {R.REFUSED, R.VOIDED},
    R.REFUSED: {R.ACKNOWLEDGED},
    R.ACKNOWLEDGED: set(),
    R.VOIDED: set(),
})

LEDGER_FLOW = Workflow(L, {
    L.KEPT: {L.ABOLISHED, L.REPLACED},
    L.ABOLISHED: set(),
    L.REPLACED: set(),
})
