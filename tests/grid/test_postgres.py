"""Races and database guarantees that need PostgreSQL."""

import threading
import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from grid.models import AccessLog, Visit
from grid.services import visit_log

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_draft_sent_twice_at_once_is_stored_once(reg):
    key = uuid.uuid4()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            visit, created = visit_log(actor=reg["worker1"], household=reg["h1"], client_uuid=key, note="离线草稿")
            results.append((visit.pk, created))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Visit.objects.filter(client_uuid=key).count() == 1
    assert len({pk for pk, _ in results}) == 1 and sum(created for _, created in results) == 1


def test_access_log_trigger_refuses_update_and_delete(reg):
    log = AccessLog.objects.create(actor=reg["worker1"], resident=reg["r1"], field="phone", reason="核对")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=log.pk).update(reason="篡改")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM grid_accesslog WHERE id = %s", [log.pk])
    assert AccessLog.objects.get(pk=log.pk).reason == "核对"
