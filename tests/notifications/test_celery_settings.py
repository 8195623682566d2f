"""The Celery settings that keep tasks from being lost or run twice (docs/background-work.md)."""

from taijiang.celery import app
from taijiang.notifications.delivery import SWEEP_TIME_BUDGET

from .test_robustness import SMALL_DELAY_SECONDS


def test_late_ack_and_requeue_on_lost_worker():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_visibility_timeout_exceeds_longest_task_and_every_countdown():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility
    assert visibility > SMALL_DELAY_SECONDS


def test_sweep_stops_before_its_soft_time_limit():
    assert app.conf.task_soft_time_limit > SWEEP_TIME_BUDGET


def test_publishing_never_retries_inside_a_request():
    assert app.conf.task_publish_retry is False
    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
