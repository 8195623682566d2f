from .admission import PENDING_STATUSES, Application, ApplicationChange, ApplicationReview, ApplicationStatus
from .ledgers import DataSource, Ledger, LedgerChange, LedgerStatus
from .refusals import Channel, Refusal, RefusalChange, RefusalStatus
from .register import (
    Department,
    DepartmentMember,
    Disposition,
    ListEntry,
    ListVersion,
    Origin,
    Task,
    TaskChange,
    TaskList,
)

__all__ = [
    "PENDING_STATUSES", "Application", "ApplicationChange", "ApplicationReview", "ApplicationStatus", "Channel",
    "DataSource", "Department", "DepartmentMember", "Disposition", "Ledger", "LedgerChange", "LedgerStatus",
    "ListEntry", "ListVersion", "Origin", "Refusal", "RefusalChange", "RefusalStatus", "Task", "TaskChange",
    "TaskList",
]
