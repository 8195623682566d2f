from .appeal import Appeal, AppealEvent, AppealPhoto, DailyCounter, DeadlineBreach
from .catalogue import CannedReply, Category, Level
from .open311 import ApiKey

__all__ = [
    "ApiKey", "Appeal", "AppealEvent", "AppealPhoto", "CannedReply", "Category", "DailyCounter", "DeadlineBreach",
    "Level",
]
