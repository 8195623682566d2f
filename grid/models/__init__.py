from .territory import Building, Community, Grid, OpeningPeriod, ServiceCentre, Street

__all__ = ["Building", "Community", "Grid", "OpeningPeriod", "ServiceCentre", "Street"]
