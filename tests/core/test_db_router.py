"""The read-replica router: marked GET views read the replica, everything else the primary."""

import pytest
from django.test import RequestFactory

from taijiang.core.db import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from taijiang.users.models import User

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")
router = ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    # Only the router reads this copy of DATABASES; no connection to "replica" is ever opened.
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"]}}


def test_without_a_replica_every_read_uses_the_default_database(settings):
    assert REPLICA not in settings.DATABASES
    with reads_from_replica():
        assert router.db_for_read(User) is None  # Django's default


def test_marked_reads_go_to_the_replica_and_writes_never_do(with_replica):
    assert router.db_for_read(User) is None
    with reads_from_replica():
        assert router.db_for_read(User) == REPLICA
        assert router.db_for_write(User) == "default"
    assert router.db_for_read(User) is None


def test_a_marked_view_reads_the_replica_on_get_only(with_replica):
    seen = {}

    @replica_reads
    def view(request):
        seen[request.method] = router.db_for_read(User)
        return "ok"

    factory = RequestFactory()
    view(factory.get("/"))
    view(factory.head("/"))
    view(factory.post("/"))
    assert seen == {"GET": REPLICA, "HEAD": REPLICA, "POST": None}


def test_the_flag_is_cleared_when_the_view_raises(with_replica):
    @replica_reads
    def view(request):
        raise ValueError

    with pytest.raises(ValueError):
        view(RequestFactory().get("/"))
    assert router.db_for_read(User) is None


def test_migrations_never_run_on_the_replica():
    assert router.allow_migrate(REPLICA, "appeals") is False
    assert router.allow_migrate("default", "appeals") is True


@pytest.mark.parametrize("name", [
    "appeals:board", "open311:requests", "dashboard:overview", "dashboard:export", "grid:export",
    "grid:coverage", "spaces:figures", "services:figures",
])
def test_the_read_only_pages_are_marked_for_the_replica(name):
    from django.urls import get_resolver, reverse

    kwargs = {"fmt": "json"} if name == "open311:requests" else {}
    assert getattr(get_resolver().resolve(reverse(name, kwargs=kwargs)).func, "reads_replica", False)


def test_pages_that_show_what_their_user_just_wrote_stay_on_the_primary():
    from django.urls import get_resolver, reverse

    for name in ("appeals:mine", "dashboard:mine", "appeals:worklist"):
        assert not getattr(get_resolver().resolve(reverse(name)).func, "reads_replica", False)


def test_celery_routes_split_queues_by_latency(settings):
    from celery.app.routes import prepare

    # The settings' table itself, not the app's router (Celery caches that on first use).
    table = prepare(settings.CELERY_TASK_ROUTES)

    def queue(task):
        for route in table:
            if found := route(task):
                return found["queue"]
        return settings.CELERY_TASK_DEFAULT_QUEUE

    assert queue("taijiang.notifications.tasks.deliver_notification") == "notifications"
    assert queue("taijiang.notifications.tasks.sweep_outbox") == "sweeps"
    assert queue("appeals.tasks.sweep_deadlines") == "sweeps"
    assert queue("spaces.tasks.release_no_shows") == "sweeps"
    assert queue("taijiang.dashboard.tasks.nightly_rollup") == "reports"
