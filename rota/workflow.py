from taijiang.core.workflow import Workflow

from .models import RotaStatus, SwapStatus

# A published rota is what services and residents rely on; it changes only through approved swaps.
ROTA_FLOW = Workflow({
    RotaStatus.DRAFT: {RotaStatus.PUBLISHED},
    RotaStatus.PUBLISHED: set(),
})
ROTA_LABELS = dict(RotaStatus.choices)

SWAP_FLOW = Workflow({
    SwapStatus.REQUESTED: {SwapStatus.APPROVED, SwapStatus.REFUSED, SwapStatus.WITHDRAWN},
    SwapStatus.APPROVED: set(),
    SwapStatus.REFUSED: set(),
    SwapStatus.WITHDRAWN: set(),
})
SWAP_LABELS = dict(SwapStatus.choices)
