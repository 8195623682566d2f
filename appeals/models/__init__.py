from taijiang.users.scope import Level  # the project's one territory Level, re-exported for the app

from .appeal import Appeal, AppealEvent, AppealPhoto, ContactAccessLog, DailyCounter, DeadlineBreach
from .catalogue import CannedReply, Category
from .open311 import ApiKey

__all__ = [
    "ApiKey", "Appeal", "AppealEvent", "AppealPhoto", "CannedReply", "Category", "ContactAccessLog", "DailyCounter",
    "DeadlineBreach",
    "Level",
]
