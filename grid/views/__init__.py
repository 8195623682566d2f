from .admin_pages import access_log, coverage_view, import_mapping, import_report, import_upload, policy_edit
from .pwa import manifest, service_worker
from .registry import (
    export,
    household_detail,
    household_edit,
    household_emergency,
    household_list,
    resident_edit,
    resident_status,
    reveal,
)
from .visits import due_list, visit_create, visit_detail, visit_list, visit_photo

__all__ = [
    "access_log", "coverage_view", "due_list", "export", "household_detail", "household_edit", "household_emergency",
    "household_list", "import_mapping", "import_report", "import_upload", "manifest", "policy_edit",
    "resident_edit", "resident_status", "reveal", "service_worker", "visit_create", "visit_detail", "visit_list",
    "visit_photo",
]
