"""The overview's per-community figures as CSV (UTF-8 with BOM, so Excel reads the Chinese)."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taijiang.core.spreadsheets import csv_text

COLUMNS = [
    ("community", gettext_lazy("社区")), ("appeals", gettext_lazy("诉求数")), ("appeals_resolved", gettext_lazy("已答复/办结")),
    ("appeals_on_time_rate", gettext_lazy("诉求按时办结率")), ("appeals_overdue_now", gettext_lazy("当前超时诉求")),
    ("tickets", gettext_lazy("取号数")), ("tickets_served", gettext_lazy("办结取号")), ("avg_wait_min", gettext_lazy("平均等候（分钟）")),
    ("requests", gettext_lazy("办件数")), ("requests_on_time_rate", gettext_lazy("办件按时率")), ("households", gettext_lazy("户数")),
    ("coverage_percent", gettext_lazy("走访覆盖率（百分比）")), ("coverage_target", gettext_lazy("覆盖目标（百分比）")),
    ("overdue_high_risk", gettext_lazy("逾期高风险户")), ("bookings_held", gettext_lazy("场地使用次数")),
]


def rows_to_csv(rows: list[dict], *, period) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("统计区间"), f"{period.date_from:%Y-%m-%d}", f"{period.date_to:%Y-%m-%d}"])
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([csv_text(str(row["community"])) if key == "community" else csv_text(row[key])
                         for key, _label in COLUMNS])
    return out.getvalue()
