from .registry import Household, Resident, Tag
from .territory import Building, Community, Grid, OpeningPeriod, ServiceCentre, Street
from .visits import Visit

__all__ = [
    "Building", "Community", "Grid", "Household", "OpeningPeriod", "Resident", "ServiceCentre", "Street", "Tag",
    "Visit",
]
