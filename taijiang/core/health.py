"""GET /healthz: database, broker, cache, pending migrations and the notification backlog."""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the detail helps the operator
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _check_migrations() -> dict:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": not plan, "pending": len(plan)}


def _check_broker() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "eager"}
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "mode": "redis", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "redis"}


def _check_cache() -> dict:
    """Can the cache answer, and how often did a rate limit go ahead without it (this process)?"""
    from django.core.cache import cache

    from .ratelimit import cache_failures

    failures = cache_failures()
    result = {"ok": True, "fail_open": failures["count"]}
    if failures["last_at"] is not None:
        result["last_fail_open"] = failures["last_at"].isoformat()
    try:
        cache.get("healthz:probe")
    except Exception as exc:  # Redis down: rate limits are not enforced, nothing else is lost
        result.update(ok=False, error=exc.__class__.__name__)
    return result


# A due message waiting longer than this means the worker or beat is not running: degraded.
OUTBOX_STALE_SECONDS = 15 * 60


def _check_outbox() -> dict:
    from taijiang.notifications.selectors import outbox_backlog

    try:
        backlog = outbox_backlog()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": backlog["oldest_pending_seconds"] < OUTBOX_STALE_SECONDS, **backlog}


@never_cache
@require_GET
def healthz(request):
    database = _check_database()
    checks = {"database": database}
    if database["ok"]:
        checks["migrations"] = _check_migrations()
        checks["outbox"] = _check_outbox()
    checks["broker"] = _check_broker()
    checks["cache"] = _check_cache()
    # Only the database makes the portal unusable; a broker outage degrades to the outbox sweep,
    # a cache outage to rate limits that let everything through.
    status = "ok" if all(check["ok"] for check in checks.values()) else "degraded"
    if not database["ok"]:
        status = "down"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
