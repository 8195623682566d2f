"""Tunable numbers of the workload app, read from settings.PORTAL (the one place they are set)."""

from django.conf import settings

DEFAULTS = {
    "WORKLOAD_ADMISSION_NOTICE_DAYS": 30,  # 申请须提前 30 个工作日
    "WORKLOAD_DECISION_DAYS": 15,  # 区级 15 个工作日内作出决定
    "WORKLOAD_MINUTES_PER_VISIT": 30,
    "WORKLOAD_MINUTES_PER_PROXY": 60,
    "WORKLOAD_MINUTES_PER_TICKET": 15,
    "WORKLOAD_MINUTES_PER_REQUEST": 20,
}

BASELINE_TOTAL = 145  # the tasks communities carried before the reform


def get(key: str) -> int:
    value = getattr(settings, "PORTAL", {}).get(key, DEFAULTS[key])
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return DEFAULTS[key]


def notice_days() -> int:
    return get("WORKLOAD_ADMISSION_NOTICE_DAYS")


def decision_days() -> int:
    return get("WORKLOAD_DECISION_DAYS")


def minutes() -> dict:
    return {
        "visit": get("WORKLOAD_MINUTES_PER_VISIT"),
        "proxy": get("WORKLOAD_MINUTES_PER_PROXY"),
        "ticket": get("WORKLOAD_MINUTES_PER_TICKET"),
        "request": get("WORKLOAD_MINUTES_PER_REQUEST"),
    }
