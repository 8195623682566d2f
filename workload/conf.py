"""Tunable numbers of the workload app: settings declared in taijiang/settings.py, read at call time
(taijiang.core.conf)."""

from taijiang.core.conf import setting_int

BASELINE_TOTAL = 145  # the tasks communities carried before the reform


def notice_days() -> int:
    return setting_int("WORKLOAD_ADMISSION_NOTICE_DAYS")


def decision_days() -> int:
    return setting_int("WORKLOAD_DECISION_DAYS")


def minutes() -> dict:
    return {
        "visit": setting_int("WORKLOAD_MINUTES_PER_VISIT"),
        "proxy": setting_int("WORKLOAD_MINUTES_PER_PROXY"),
        "ticket": setting_int("WORKLOAD_MINUTES_PER_TICKET"),
        "request": setting_int("WORKLOAD_MINUTES_PER_REQUEST"),
    }
