"""The history tables are partitioned by year on PostgreSQL, new years are made ahead, old years leave
the request paths by their table's retention (taijiang/core/partitions.py, docs/performance.md).

DDL is transactional on PostgreSQL: each test's partitions and archives are rolled back with it."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from appeals import services as appeal_services
from appeals.defaults import ensure_categories
from appeals.models import AppealEvent
from grid.models import AccessLog
from taijiang.core import partitions
from tests import factories
from tests.factories import UserFactory
from tests.grid.factories import ResidentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def appeal(territory, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "1000/h"}
    ensure_categories()
    resident = factories.resident(building=territory["b_g1"], community=territory["a1"])
    return appeal_services.appeal_submit(actor=resident, text="楼道里的灯坏了，晚上很黑")


def at(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 6, 1, 12))


def partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def tables_named(prefix: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE %s AND relkind = 'r'", [prefix + "%"])
        return {row[0] for row in cursor.fetchall()}


def test_every_history_table_is_partitioned_with_this_year_and_the_next():
    this_year = timezone.localdate().year
    for history in partitions.HISTORY_TABLES:
        assert partitions.is_partitioned(history.table), history.table
        assert {this_year, this_year + 1} <= set(partitions.partition_years(history.table))
        assert f"{history.table}_default" in tables_named(history.table)


def test_a_row_lands_in_its_year_and_a_year_without_partition_in_the_default(appeal):
    now = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="今年")
    old = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="多年前", at=at(2015))
    assert partition_of("appeals_appealevent", now.pk) == f"appeals_appealevent_y{timezone.localdate().year}"
    assert partition_of("appeals_appealevent", old.pk) == "appeals_appealevent_default"
    # Django still addresses a row by id alone: read, update and delete work through the parent.
    AppealEvent.objects.filter(pk=old.pk).update(note="改")
    assert AppealEvent.objects.get(pk=old.pk).note == "改"


def test_ensure_partitions_makes_missing_years_and_moves_rows_out_of_the_default(appeal):
    old = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="旧", at=at(2015))
    created = partitions.ensure_partitions(since=datetime.date(2014, 1, 1))
    assert "appeals_appealevent_y2014" in created and "appeals_appealevent_y2015" in created
    assert "grid_accesslog_y2015" in created
    assert partition_of("appeals_appealevent", old.pk) == "appeals_appealevent_y2015"
    assert list(appeal.events.filter(pk=old.pk).values_list("note", flat=True)) == ["旧"]
    assert partitions.ensure_partitions(since=datetime.date(2014, 1, 1)) == []  # idempotent


def test_access_log_update_is_refused_by_the_database():
    resident = ResidentFactory()
    log = AccessLog.objects.create(actor=UserFactory(), resident=resident, field="phone", reason="核对")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=log.pk).update(reason="改")


def test_archive_detaches_years_past_retention_and_keeps_their_rows(appeal, settings):
    settings.HISTORY_RETENTION_YEARS = {"appeals_appealevent": 3}
    partitions.ensure_partitions(since=datetime.date(2019, 1, 1))
    kept = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="留", at=at(2023))
    gone = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="归档", at=at(2022))

    with connection.cursor() as cursor:  # the nightly task starts with no deferred checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    archived = partitions.archive_expired(today=datetime.date(2026, 3, 1))

    assert archived == [f"archive_appeals_appealevent_y{year}" for year in (2019, 2020, 2021, 2022)]
    remaining = set(appeal.events.values_list("pk", flat=True))
    assert kept.pk in remaining and gone.pk not in remaining  # off the request paths
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM archive_appeals_appealevent_y2022 WHERE id = %s", [gone.pk])
        assert cursor.fetchone() == ("归档",)  # not deleted: the operator dumps and drops it
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                       "'archive_appeals_appealevent_y2022'::regclass AND contype = 'f'")
        assert cursor.fetchone() == (0,)  # no foreign keys left to block deleting a user or an appeal
    assert 2023 in partitions.partition_years("appeals_appealevent")
    # Tables without a retention keep every year.
    assert 2019 in partitions.partition_years("services_requestevent")


def test_no_retention_means_nothing_is_archived(settings):
    settings.HISTORY_RETENTION_YEARS = {}
    partitions.ensure_partitions(since=datetime.date(2010, 1, 1))
    assert partitions.archive_expired(today=datetime.date(2026, 3, 1)) == []


def test_a_period_read_touches_only_its_years():
    partitions.ensure_partitions(since=datetime.date(2020, 1, 1))
    start, end = at(2024), at(2024) + datetime.timedelta(days=30)
    plan = "\n".join(AppealEvent.objects.filter(at__gte=start, at__lt=end).explain().splitlines())
    assert "appeals_appealevent_y2024" in plan
    assert "appeals_appealevent_y2023" not in plan and "appeals_appealevent_y2025" not in plan


def test_unpartition_restores_a_plain_table_with_its_rows_and_key(appeal):
    event = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level, note="回退")
    before = AppealEvent.objects.filter(appeal=appeal).count()
    with connection.cursor() as cursor:  # a migration starts with no deferred checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    partitions.unpartition("appeals_appealevent", "at")
    assert not partitions.is_partitioned("appeals_appealevent")
    assert AppealEvent.objects.get(pk=event.pk).note == "回退"
    later = AppealEvent.objects.create(appeal=appeal, kind="note", level=appeal.level)
    assert later.pk > event.pk  # the identity continues after the copy
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    partitions.partition_by_year("appeals_appealevent", "at")
    assert partitions.is_partitioned("appeals_appealevent")
    assert AppealEvent.objects.filter(appeal=appeal).count() == before + 1


def test_a_table_with_unique_rows_or_referenced_is_refused():
    with pytest.raises(RuntimeError, match="cannot be partitioned by time"):
        partitions.partition_by_year("appeals_appeal", "created_at")


def test_the_daily_task_makes_the_coming_year_and_archives_by_retention(settings):
    from taijiang.core.tasks import maintain_history

    settings.HISTORY_RETENTION_YEARS = {"services_ticketevent": 1}
    partitions.ensure_partitions(since=datetime.date(timezone.localdate().year - 3, 1, 1))
    with connection.cursor() as cursor:  # as if next year's partition had never been made
        cursor.execute(f"DROP TABLE services_ticketevent_y{timezone.localdate().year + 1}")

    result = maintain_history()

    year = timezone.localdate().year
    assert result["created"] == [f"services_ticketevent_y{year + 1}"]
    assert result["archived"] == [f"archive_services_ticketevent_y{y}" for y in (year - 3, year - 2)]
