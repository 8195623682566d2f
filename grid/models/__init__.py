from .access import AccessLog
from .events import ResidentEvent
from .imports import ImportBatch
from .policy import VisitPolicy
from .registry import Household, Resident, Tag
from .territory import Building, CentreClosure, Community, Grid, OpeningPeriod, ServiceCentre, Street
from .visits import Visit

__all__ = [
    "AccessLog", "Building", "CentreClosure", "Community", "Grid", "Household", "ImportBatch", "OpeningPeriod", "Resident",
    "ResidentEvent", "ServiceCentre", "Street", "Tag", "Visit", "VisitPolicy",
]
