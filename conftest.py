"""Root pytest configuration: select the tests this machine can run."""

import os
import shutil

import pytest


def _pdf_available() -> bool:
    from taijiang.dashboard.report import pdf_available

    return pdf_available()


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    missing = {
        "postgres": None if settings.USING_POSTGRES else "needs DATABASE_URL pointing at PostgreSQL",
        "redis": None if settings.REDIS_URL else "needs REDIS_URL and a Celery worker",
        "e2e": None if shutil.which("chromium") or os.path.exists("/usr/bin/chromium") else "needs Debian chromium",
        "pdf": None if _pdf_available() else "needs the system's pango for WeasyPrint",
    }
    selected, deselected = [], []
    for item in items:
        reasons = [reason for marker, reason in missing.items() if reason and item.get_closest_marker(marker)]
        (deselected if reasons else selected).append(item)
    if deselected:
        # Deselected, not skipped: these run in CI's PostgreSQL/Redis pass (.ci/run).
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    # Unit tests run tasks inline even when REDIS_URL is set; the worker tests opt out.
    from taijiang.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
