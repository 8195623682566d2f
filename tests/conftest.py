import os

import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, monkeypatch):
    """Every test counts its rate limits from zero: its own key prefix in the (shared) cache,
    instead of flushing a Redis that other runs may use. Each limit's window is pinned for the
    test: django-ratelimit aligns windows to the clock, so a test whose requests straddled a
    window's edge would see its count reset half-way (a flaky test on a slow machine)."""
    import time
    import uuid

    from django_ratelimit import core

    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid.uuid4().hex}:"
    windows = {}
    monkeypatch.setattr(core, "_get_window",
                        lambda value, period: windows.setdefault((value, period), int(time.time()) + period))


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def territory(db):
    """Two streets; street A has communities A1 and A2; A1 has grids g1 and g2, each with a building."""
    street_a = factories.StreetFactory(code="street-a", name="甲街道")
    street_b = factories.StreetFactory(code="street-b", name="乙街道")
    a1 = factories.CommunityFactory(street=street_a, code="a1", name="甲一社区")
    a2 = factories.CommunityFactory(street=street_a, code="a2", name="甲二社区")
    b1 = factories.CommunityFactory(street=street_b, code="b1", name="乙一社区")
    g1 = factories.GridFactory(community=a1, code="a1-g1", name="第一网格")
    g2 = factories.GridFactory(community=a1, code="a1-g2", name="第二网格")
    g3 = factories.GridFactory(community=a2, code="a2-g1", name="第一网格")
    g4 = factories.GridFactory(community=b1, code="b1-g1", name="第一网格")
    return {
        "street_a": street_a, "street_b": street_b, "a1": a1, "a2": a2, "b1": b1,
        "g1": g1, "g2": g2, "g3": g3, "g4": g4,
        "b_g1": factories.BuildingFactory(grid=g1, name="1号楼"),
        "b_g2": factories.BuildingFactory(grid=g2, name="2号楼"),
        "b_g3": factories.BuildingFactory(grid=g3, name="3号楼"),
        "b_g4": factories.BuildingFactory(grid=g4, name="4号楼"),
    }


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium for every browser journey (tests marked e2e); never a downloaded build."""
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen
    # in its own thread, but fixtures that touch the ORM here need this switch.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone-sized browser context on the live server; any request leaving it is refused."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                  else route.abort())
    page = context.new_page()
    try:
        yield page
    finally:
        page.wait_for_load_state("networkidle")  # let in-flight requests finish their DB work
        context.close()
        # ORM calls made while Playwright's loop runs open connections in its context; close them
        # or PostgreSQL refuses to drop the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """(rows made by migrations that the demo refers to, rows `seed_demo` adds), by model: seeded
    once per session in a transaction that is rolled back.

    Seeding takes seconds; copying the captured rows back into a test's transaction takes a
    fraction of that. Rows that migrations created (content types, permissions, default tags)
    are left out: they are in the test database already. A seeder that changed such a row would
    make the copy differ from `make run`, so that fails here instead of drifting silently.
    """
    from django.apps import apps
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    rows = {}
    with django_db_blocker.unblock(), transaction.atomic():
        before = {m: {row[m._meta.pk.attname]: row for row in m._base_manager.values()} for m in models}
        with override_settings(DEBUG=True):
            call_command("seed_demo", verbosity=0)
        for model in models:
            old, pk = before[model], model._meta.pk.attname
            changed = [row[pk] for row in model._base_manager.filter(pk__in=list(old)).values() if row != old[row[pk]]]
            assert not changed, f"seed_demo changed {model._meta.label} rows made by migrations: {changed[:5]}"
            new = list(model._base_manager.exclude(pk__in=list(old)).order_by("pk"))
            if new:
                rows[model] = new
        # Rows made by migrations that the demo points at (grid's default tags): a browser test's
        # flush deletes them, so the copy brings them back when they are missing.
        kept = {}
        for model, objects in rows.items():
            for field in model._meta.concrete_fields:
                if field.is_relation and before.get(field.related_model):
                    used = {getattr(obj, field.attname) for obj in objects} & set(before[field.related_model])
                    kept.setdefault(field.related_model, set()).update(used)
        referenced = {model: list(model._base_manager.filter(pk__in=pks)) for model, pks in kept.items()}
        transaction.set_rollback(True)
    return referenced, rows


@pytest.fixture
def demo_data(demo_rows):
    """The demo territory, accounts and app data, as `make run` loads them (seeded once per session).

    Foreign keys are checked at commit on SQLite and PostgreSQL alike, so the tables are filled in
    any order; stored times are copied as they were (auto_now fields are not re-stamped).
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction

    # One transaction (a savepoint inside a test's own): the foreign keys are checked when it ends,
    # also for browser tests, whose database is in autocommit.
    referenced, rows = demo_rows
    with transaction.atomic():
        for model, objects in referenced.items():
            model._base_manager.bulk_create(objects, ignore_conflicts=True)
        for model, objects in rows.items():
            stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
                       or getattr(f, "auto_now_add", False)]
            flags = [(f, f.auto_now, f.auto_now_add) for f in stamped]
            for field in stamped:
                field.auto_now = field.auto_now_add = False
            try:
                model._base_manager.bulk_create(objects, batch_size=500)
            finally:
                for field, auto_now, auto_now_add in flags:
                    field.auto_now, field.auto_now_add = auto_now, auto_now_add
    # Explicit ids leave PostgreSQL's sequences behind: move them past the copied rows.
    statements = connection.ops.sequence_reset_sql(no_style(), [*referenced, *rows])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused


@pytest.fixture
def dead_redis(settings):
    """The cache and the Celery broker point at a Redis that is not there, as in an outage.

    Tasks are published for real (not eager), so publishing fails as it would in production.
    """
    from taijiang.celery import app
    from tests.notifications.worker import broker_at

    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    app.conf.task_always_eager = False
    with broker_at(DEAD_REDIS):
        yield DEAD_REDIS
    app.conf.task_always_eager = True
