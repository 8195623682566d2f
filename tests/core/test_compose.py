"""docker-compose.yml is checked by reading (no Docker engine here): the stack it describes must
match the settings — every Celery queue has a worker, one beat, migrations bypass PgBouncer."""

from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _queues_of(service: dict) -> set[str]:
    command = service["command"]
    return set(command[command.index("-Q") + 1].split(",")) if "-Q" in command else {"celery"}


def test_every_routed_queue_and_the_default_one_has_a_worker():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    consumed = set().union(*(_queues_of(s) for s in SERVICES.values() if "worker" in s.get("command", [])))
    assert routed <= consumed, f"queues nobody consumes: {routed - consumed}"


def test_exactly_one_beat():
    beats = [name for name, s in SERVICES.items() if "beat" in s.get("command", [])]
    assert beats == ["beat"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_web_and_workers_go_through_pgbouncer_and_migrate_does_not():
    assert "@pgbouncer:" in SERVICES["web"]["environment"]["DATABASE_URL"]
    assert SERVICES["web"]["environment"]["DATABASE_POOLER"] == "pgbouncer"
    assert "@db:5432" in SERVICES["migrate"]["environment"]["DATABASE_URL"]
    assert SERVICES["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"


def test_the_pooler_setting_turns_off_server_side_cursors(monkeypatch):
    import importlib

    import taijiang.settings as portal_settings

    monkeypatch.setenv("DATABASE_POOLER", "pgbouncer")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://u@replica:5432/portal")
    try:
        reloaded = importlib.reload(portal_settings)
        assert reloaded.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert reloaded.DATABASES["replica"]["HOST"] == "replica"
        assert reloaded.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.delenv("DATABASE_POOLER")
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        importlib.reload(portal_settings)


def test_the_primary_and_the_replica_plan_with_the_settings_the_bench_measures():
    """benchmarks/run.py gives its sessions the same planner settings (PGOPTIONS): what is measured is
    what production runs."""
    import re

    bench = (Path(settings.BASE_DIR) / "benchmarks" / "run.py").read_text()
    for name in ("db", "db-replica"):
        flags = SERVICES[name]["environment"]["POSTGRESQL_EXTRA_FLAGS"]
        assert "-c random_page_cost=1.1" in flags
        for flag in re.findall(r"-c \S+", flags):
            assert flag in bench, f"{flag} of {name} is not what the bench runs with"
