"""The appeals app's tunable days: declared settings with defaults, read at call time."""

import pytest

from appeals import services
from appeals.models import Appeal

pytestmark = pytest.mark.django_db


def test_reopen_and_auto_close_days_are_declared_settings_read_at_call_time(settings):
    from django.core.exceptions import ImproperlyConfigured

    from appeals import conf

    assert conf.reopen_days() == 7 and conf.auto_close_days() == 7
    settings.APPEAL_REOPEN_DAYS, settings.APPEAL_AUTO_CLOSE_DAYS = 3, "10"
    assert conf.reopen_days() == 3 and conf.auto_close_days() == 10
    settings.APPEAL_REOPEN_DAYS = "soon"
    with pytest.raises(ImproperlyConfigured, match="APPEAL_REOPEN_DAYS"):
        conf.reopen_days()
    del settings.APPEAL_AUTO_CLOSE_DAYS
    with pytest.raises(ImproperlyConfigured, match="not declared"):
        conf.auto_close_days()


def test_auto_close_uses_the_configured_days(settings, people, appeal):
    import datetime

    import time_machine

    from appeals.workflow import Status

    settings.APPEAL_AUTO_CLOSE_DAYS = 2
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理", resolve=True)
    resolved = Appeal.objects.get(pk=appeal.pk).resolved_at
    assert services.auto_close_unrated(now=resolved + datetime.timedelta(days=1)) == 0
    with time_machine.travel(resolved + datetime.timedelta(days=2, minutes=1)):
        assert services.auto_close_unrated() == 1
    closed = Appeal.objects.get(pk=appeal.pk)
    assert closed.status == Status.CLOSED and closed.closed_unrated
