"""Every figure the dashboards show: its label, its unit and its definition, in one place.

The page shows the definition next to the figure (a tooltip and the "指标口径" list at the foot of
the page), the exports use the same label and unit in their column headers, and docs/dashboard.md
repeats the definitions. Rates are always percentages (0–100, one decimal) — on the page and in
CSV and XLSX alike.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: str
    definition: str

    @property
    def heading(self) -> str:
        """The label with its unit, as the exports' column headers read."""
        return f"{self.label}（{self.unit}）" if self.unit else str(self.label)


PERCENT = _("%")
CASES = _("件")
TICKETS = _("张")
HOUSEHOLDS = _("户")
TIMES = _("次")
HOURS = _("小时")
MINUTES = _("分钟")

_ALL = [
    # 易说事
    Kpi("appeals", _("诉求数"), CASES, _("所选时段内提交的诉求件数（按提交时间统计）。")),
    Kpi("appeals_resolved", _("已答复/办结"), CASES, _("所选时段内提交、目前已答复或已办结的诉求件数。")),
    Kpi("appeals_on_time_rate", _("诉求按时办结率"), PERCENT,
        _("所选时段内提交的诉求中：按时答复或办结的件数 ÷（已答复或办结的件数 + 仍未办结但已超时的件数）。"
          "超时未办的诉求计入分母；没有可计的诉求时显示“—”。")),
    Kpi("appeals_overdue_open", _("期内超时未办结"), CASES, _("所选时段内提交、仍未办结且已超过期限的诉求件数。")),
    Kpi("appeals_overdue_now", _("当前超时诉求"), CASES, _("此刻仍未办结且已超过期限的诉求件数，不限提交时间。")),
    Kpi("appeals_first_reply_p50", _("首次答复用时中位数"), HOURS, _("从提交到首次答复的用时，一半诉求不超过此值。")),
    Kpi("appeals_first_reply_p90", _("首次答复用时 90 分位"), HOURS, _("从提交到首次答复的用时，90% 的诉求不超过此值。")),
    Kpi("appeals_resolve_p50", _("办结用时中位数"), HOURS, _("从提交到答复办结的用时，一半诉求不超过此值。")),
    Kpi("appeals_resolve_p90", _("办结用时 90 分位"), HOURS, _("从提交到答复办结的用时，90% 的诉求不超过此值。")),
    Kpi("appeals_average_rating", _("平均满意度"), _("分（满分 5）"), _("所选时段内提交并已评价的诉求的平均评分。")),
    Kpi("appeals_unrated_share", _("未评价占比"), PERCENT, _("所选时段内提交并已办结的诉求中，居民未评价的占比。")),
    Kpi("appeals_reopened", _("重新办理"), CASES, _("所选时段内提交、答复后又被重新打开办理的诉求件数。")),
    # 一窗服务
    Kpi("tickets", _("取号数"), TICKETS, _("所选时段内各服务中心发出的排队号（按服务日期）。")),
    Kpi("tickets_served", _("办结取号"), TICKETS, _("所选时段内已办结的排队号。")),
    Kpi("tickets_no_show", _("过号"), TICKETS, _("叫号后未到、被标为过号的排队号。")),
    Kpi("wait_p50", _("等候时间中位数"), MINUTES, _("从取号到叫号的分钟数，一半已叫号的排队号不超过此值。")),
    Kpi("wait_p90", _("等候时间 90 分位"), MINUTES, _("从取号到叫号的分钟数，90% 已叫号的排队号不超过此值。")),
    Kpi("service_p50", _("办理时间中位数"), MINUTES, _("从叫号到办结的分钟数，一半已办结的排队号不超过此值。")),
    Kpi("service_p90", _("办理时间 90 分位"), MINUTES, _("从叫号到办结的分钟数，90% 已办结的排队号不超过此值。")),
    Kpi("avg_wait_minutes", _("平均等候"), MINUTES, _("已叫号的排队号从取号到叫号的平均分钟数。")),
    Kpi("avg_service_minutes", _("平均办理"), MINUTES, _("已办结的排队号从叫号到办结的平均分钟数。")),
    Kpi("requests", _("办件数"), CASES, _("所选时段内提交的办件（窗口、网上预申请和代办）。")),
    Kpi("requests_online", _("网上预申请"), CASES, _("所选时段内居民在网上提交的预申请件数。")),
    Kpi("requests_proxy", _("代办件"), CASES, _("所选时段内由工作人员代居民办理的件数。")),
    Kpi("requests_on_time_rate", _("办件按时率"), PERCENT,
        _("所选时段内提交的办件中：在承诺日期前办结的件数 ÷（有承诺日期且已办结的件数 + 仍未办结但已过承诺日期的件数）。")),
    Kpi("requests_overdue_open", _("超期未办结办件"), CASES, _("所选时段内提交、仍未办结且已过承诺日期的办件。")),
    # 网格走访
    Kpi("households", _("在册住户"), HOUSEHOLDS, _("当前在册（未注销）的住户数。")),
    Kpi("coverage_percent", _("走访覆盖率"), PERCENT,
        _("按走访频次要求已走访（下次应访日期不早于今天）的住户 ÷ 在册住户。没有住户的网格或社区显示“无住户”，不算作 100%。")),
    Kpi("coverage_target", _("覆盖目标"), PERCENT, _("社区走访规则中设定的覆盖率目标。")),
    Kpi("overdue_high_risk", _("逾期高风险户"), HOUSEHOLDS, _("高风险住户（如独居高龄老人）中已过应访日期的户数。")),
    Kpi("visits", _("走访次数"), TIMES, _("所选时段内登记的走访（入户、电话及其他方式）。")),
    Kpi("visits_doorstep", _("现场办理"), TIMES, _("所选时段内登记了“现场办理”内容的走访次数（服务找人、上门帮办）。")),
    Kpi("visits_per_worker_week", _("人均每周走访"), _("次/人·周"),
        _("所选时段内的走访次数 ÷ 有走访记录的网格员人数 ÷ 时段周数。")),
    Kpi("grids_without_worker", _("无网格员的网格"), _("个"), _("当前没有指派网格员的网格数。")),
    # 服务空间
    Kpi("utilisation", _("场地利用率"), PERCENT, _("所选时段内，已预约（确认或已签到）的分钟数 ÷ 场地开放时段的分钟数。")),
    Kpi("booking_no_show", _("预约未到率"), PERCENT, _("需签到的预约中，到时未签到的占比。")),
    Kpi("bookings_held", _("场地使用次数"), TIMES, _("所选时段内开始、状态为已确认或已签到的预约。")),
    Kpi("activities", _("活动场次"), _("场"), _("所选时段内举行的活动场次（不含已取消）。")),
    Kpi("attendance", _("活动到场"), _("人次"), _("所选时段内活动中签到到场的报名人次。")),
    Kpi("function_rooms", _("提供该功能的房间"), _("间"),
        _("该月（所选时段内的部分）至少有一个该功能时段的房间数，按时段的生效、截止日期和例外日期计算。")),
    Kpi("function_hours", _("该功能开放时长"), HOURS,
        _("该月（所选时段内的部分）该功能时段的开放小时数，已扣除节假日闭馆和关闭的时段。")),
    Kpi("office_share", _("办公面积占比"), PERCENT, _("办公用房面积 ÷ 服务中心总面积，改革要求不超过 20%。")),
    Kpi("office_m2_per_worker", _("人均办公面积"), _("㎡/人"), _("办公用房面积 ÷ 在岗工作人员数，改革要求 3–5 ㎡。")),
]

_ALL += [
    # 三去一增: the reform's headline figures
    Kpi("tasks_in_force", _("社区承担事项"), _("项"),
        _("今天在册并生效的社区工作事项（依法履职 + 协助办理），改革前为 145 项；多个社区时显示最少–最多。")),
    Kpi("ledgers", _("工作台账"), _("本"), _("改革前登记的台账本数 → 仍保留的本数（其余已取消或由系统数据替代）。")),
    Kpi("windows_per_centre", _("每个中心的窗口"), _("个"), _("启用中的综合窗口数 ÷ 服务中心数（改革前 5–6 个，现在 1–2 个）。")),
    Kpi("staff_in_grid_percent", _("进网入格占比"), PERCENT,
        _("负责至少一个网格的社区工作人员 ÷ 除窗口人员以外的社区工作人员。")),
    Kpi("appeals_collected", _("累计收集诉求"), CASES, _("易说事上线以来收集的诉求件数（不限时段）。")),
    Kpi("appeals_resolved_to_date", _("累计答复办结"), CASES, _("易说事上线以来已答复或办结的诉求件数。")),
    Kpi("self_service_centres", _("24 小时自助服务区"), _("个"), _("设有 24 小时自助服务区的社区服务中心数。")),
    Kpi("pilot_communities", _("改革试点社区"), _("个"), _("标记为改革试点的社区数。")),
    Kpi("staggered_coverage", _("错时时段有人值守"), PERCENT,
        _("所选时段最后一个月里，错时、延时时段中排班有人的时段 ÷ 全部错时、延时时段（当月只计到今天）。")),
    Kpi("holiday_duty_days", _("节假日轮值天数"), _("天"), _("所选时段最后一个月里，有人轮值的节假日天数。")),
]

KPIS = {k.key: k for k in _ALL}
