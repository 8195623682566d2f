import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_check(**env):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {"DJANGO_ENV": "production", "SECRET_KEY": "s" * 60, "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
           "FIELD_ENCRYPTION_KEYS": "x8MCOvWlO8BuyXFNlIR1bMZVK0GSFgUdGzXSMe9YEjk=", "LOOKUP_HASH_KEY": "k"}
    del env[missing]
    result = _run_check(**env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


SMS_GATEWAY = {"SMS_BACKEND": "taijiang.notifications.channels.HttpSmsBackend",
               "SMS_HTTP_URL": "https://sms-gateway.example/v1/messages", "SMS_HTTP_TOKEN": "t"}


def _deploy_check(**extra):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env = {**base, "DJANGO_ENV": "production", "SECRET_KEY": "k3y-" + "x9" * 30,
           "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3", "ALLOWED_HOSTS": "portal.example",
           "FIELD_ENCRYPTION_KEYS": "x8MCOvWlO8BuyXFNlIR1bMZVK0GSFgUdGzXSMe9YEjk=", "LOOKUP_HASH_KEY": "k", **extra}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("sms", [SMS_GATEWAY, {"SMS_DISABLED": "true"}], ids=["gateway", "sms-disabled"])
def test_production_with_secrets_passes_deploy_check(sms):
    result = _deploy_check(**sms)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("sms", [{}, {"SMS_BACKEND": "taijiang.notifications.channels.LoggingSmsBackend"}],
                         ids=["unset", "logging"])
def test_production_without_an_sms_provider_fails_the_deploy_check(sms):
    result = _deploy_check(**sms)
    assert result.returncode != 0 and "notifications.E00" in result.stderr + result.stdout


def test_development_defaults_are_embedded(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert ("en", "English") in settings.LANGUAGES


def test_every_beat_task_is_registered():
    from django.conf import settings

    from taijiang.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} points at unknown task {entry['task']}"


def test_beat_schedule_is_found_in_every_installed_app_that_has_a_schedule_module():
    from django.apps import apps
    from django.conf import settings
    from django.utils.module_loading import module_has_submodule

    from taijiang.beat import schedule_modules

    with_schedule = {f"{config.name}.schedule" for config in apps.get_app_configs()
                     if module_has_submodule(config.module, "schedule")}
    assert set(schedule_modules(settings.INSTALLED_APPS, settings.BASE_DIR)) == with_schedule
    assert {"grid.schedule", "appeals.schedule", "taijiang.notifications.schedule"} <= with_schedule
    assert {"appeals-sweep-deadlines", "notifications-sweep-outbox"} <= set(settings.CELERY_BEAT_SCHEDULE)


def test_seed_demo_finds_each_apps_demo_module_in_installed_apps_order():
    from taijiang.core.management.commands.seed_demo import demo_modules

    found = demo_modules()
    assert found[0] == "taijiang.core.demo" and found[-1] == "taijiang.dashboard.demo"
    assert found.index("grid.demo") < found.index("appeals.demo") < found.index("workload.demo")
    assert {"services.demo", "spaces.demo", "rota.demo"} <= set(found)
