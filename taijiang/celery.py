"""Celery application: Redis broker from REDIS_URL, eager when it is unset (settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taijiang.settings")

app = Celery("taijiang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
