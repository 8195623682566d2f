from .appeal import Appeal, AppealEvent, AppealPhoto, ContactAccessLog, DailyCounter, DeadlineBreach
from .catalogue import CannedReply, Category, Level
from .open311 import ApiKey

__all__ = [
    "ApiKey", "Appeal", "AppealEvent", "AppealPhoto", "CannedReply", "Category", "ContactAccessLog", "DailyCounter",
    "DeadlineBreach",
    "Level",
]
