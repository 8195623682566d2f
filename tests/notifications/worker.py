"""Helpers for the tests that run a real Celery worker against Redis and the test database."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"


def wait_for(condition, *, timeout=20.0, interval=0.1, what="condition"):
    """Poll until `condition()` is truthy; no timing assertions, only a generous ceiling."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def database_url_for_tests() -> str:
    """The DATABASE_URL of the database this test runs on (the test database, not the real one)."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def closed_port_url() -> str:
    """A redis:// URL on a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def broker_at(url: str):
    """Point this process's Celery app at another broker URL for the duration (publishing side)."""
    from taijiang.celery import app

    def reset():
        # Forget the cached pools; kombu keeps one pool per URL, so the real one comes back intact.
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    original = app.conf.broker_url
    app.conf.broker_url = url
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = original
        reset()


@contextlib.contextmanager
def publishing_to_own_queue():
    """Real broker, no eager mode, and a queue of our own so that no stray worker takes our tasks."""
    from taijiang.celery import app

    queue = f"tj-test-{uuid.uuid4().hex[:10]}"
    previous = app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf.task_routes = {}  # every task to our queue, whatever its usual one
    _forget_routes(app)
    try:
        yield queue
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes = previous
        _forget_routes(app)
        _forget_queue(queue)


def _forget_routes(app) -> None:
    """Celery caches its router and route table on first use: rebuild them from the conf."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def unacknowledged_messages(queue: str) -> int:
    """How many messages of `queue` Redis holds as delivered but not yet acknowledged."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
    return sum(queue.encode() in payload for payload in client.hvals("unacked"))


def _forget_queue(queue: str) -> None:
    """Remove our queue, its bindings and messages a killed worker left unacknowledged."""
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag, payload in client.hgetall("unacked").items():
            if queue.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


class Worker:
    """`celery worker --pool=solo` in its own process group, on one queue, logging to a file."""

    def __init__(self, *, queue: str, workdir: Path, extra_env: dict | None = None):
        self.queue = queue
        self.log = workdir / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "taijiang.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": settings.REDIS_URL,
            **(extra_env or {}),
        }
        self.process = None
        self.output = None

    def start(self):
        self.output = open(self.log.with_suffix(".out"), "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "taijiang", "worker", "--pool=solo", "-Q", self.queue, "-l", "info",
             "-n", f"{self.queue}-{uuid.uuid4().hex[:4]}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--logfile", str(self.log)],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=self.output, stderr=subprocess.STDOUT,
        )
        wait_for(self._ready, timeout=25, what=f"the worker to start (log: {self.log})")
        return self

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError("the worker exited: " + self.log.with_suffix(".out").read_text(errors="replace"))
        # Depending on the logging setup the banner line lands in the log file or on stdout.
        return any(path.exists() and " ready." in path.read_text(errors="replace")
                   for path in (self.log, self.log.with_suffix(".out")))

    def kill(self, sig=signal.SIGKILL):
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)

    def stop(self):
        self.kill(signal.SIGKILL)
        if self.output is not None:
            self.output.close()

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
