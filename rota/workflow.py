from taijiang.core.workflow import Workflow

from .models import RotaStatus, SwapStatus

# A published rota is what services and residents rely on; it changes only through approved swaps.
ROTA_FLOW = Workflow(RotaStatus, {
    RotaStatus.DRAFT: {RotaStatus.PUBLISHED},
    RotaStatus.PUBLISHED: set(),
})

SWAP_FLOW = Workflow(SwapStatus, {
    SwapStatus.REQUESTED: {SwapStatus.APPROVED, SwapStatus.REFUSED, SwapStatus.WITHDRAWN},
    SwapStatus.APPROVED: set(),
    SwapStatus.REFUSED: set(),
    SwapStatus.WITHDRAWN: set(),
})
