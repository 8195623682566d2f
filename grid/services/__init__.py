"""Write workflows of the grid app. Other apps may call these (keyword-only, `actor` first)."""

from .access import log_full_export, reveal_personal_field
from .policy import household_report_emergency, policy_for, policy_update, refresh_household
from .registry import (
    household_create,
    household_update,
    resident_change_status,
    resident_create,
    resident_set_tags,
    resident_update,
)
from .visits import visit_log

__all__ = [
    "household_create", "household_report_emergency", "household_update", "log_full_export", "policy_for",
    "policy_update", "refresh_household", "resident_change_status", "resident_create", "resident_set_tags",
    "resident_update", "reveal_personal_field", "visit_log",
]
