"""`seed_demo --scale`, the bench-only views and the bounded paginator."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import clear_url_caches

from taijiang.core.pagination import BoundedPaginator


@pytest.mark.django_db
def test_scale_refuses_sqlite_with_a_clear_message(settings, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the same refusal in the PostgreSQL pass
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--scale needs PostgreSQL"):
        call_command("seed_demo", scale="street", stdout=io.StringIO())
    from grid.models import Street

    assert not Street.objects.exists()  # refused before writing anything


@pytest.mark.django_db
def test_unknown_scale_is_refused(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("seed_demo", "--scale", "city", stdout=io.StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_generator_fills_every_table_with_fuxiang_holding_its_share(settings):
    from appeals.models import Appeal, AppealEvent
    from grid.models import Community, Household, Resident, Visit
    from services.models import QueueTicket, ServiceRequest, TicketEvent
    from spaces.models import Booking
    from taijiang.core.crypto import lookup_hash
    from taijiang.core.scale import Generator, Scale

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    tiny = Scale("tiny", households=1040, appeals=2000, visits=3000, tickets=3000, requests=500, bookings=400,
                 pool=300, buildings_per_community=4)
    out = io.StringIO()
    Generator(tiny, seed=7, stdout=out).run()
    assert "appeal timeline" in out.getvalue()
    assert Community.objects.count() == 52
    generated = Household.objects.filter(building__name__regex=r"花园[0-9]+号楼$")  # not the demo's 福祥花园A座
    assert generated.count() == 1040
    fuxiang = generated.filter(building__grid__community__code="fuxiang").count()
    assert fuxiang == 1040 // 52  # its proportional share
    assert 2 * 1040 < Resident.objects.count() < 4 * 1040
    assert Visit.objects.count() >= 3000 and Appeal.objects.count() >= 2000
    assert AppealEvent.objects.count() > 4 * 2000
    assert QueueTicket.objects.count() > 2000 and TicketEvent.objects.count() > 6000
    assert ServiceRequest.objects.count() >= 500 and Booking.objects.count() > 300
    # demo-resident is a registered resident of 福祥 with appeals of her own
    me = Resident.objects.get(user__username="demo-resident")
    assert me.household.building.grid.community.code == "fuxiang"
    # encrypted pool values decrypt, and their keyed hashes find them
    registered = Resident.objects.exclude(id_number="").first()
    assert Resident.objects.get(id_number_hash=lookup_hash(registered.id_number)) == registered
    phoned = Resident.objects.exclude(phone="").first()
    assert Resident.objects.filter(phone_hash=lookup_hash(phoned.phone)).exists()
    # the exclusion constraint held: no two active bookings of a room overlap
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*) FROM spaces_booking a JOIN spaces_booking b ON a.room_id = b.room_id
                          AND a.id < b.id AND a.start < b.blocked_until AND b.start < a.blocked_until
                          WHERE a.status IN ('pending','confirmed','checked_in')
                            AND b.status IN ('pending','confirmed','checked_in')""")
        assert cursor.fetchone()[0] == 0


def test_bounded_paginator_counts_at_most_max_pages():
    pager = BoundedPaginator(list(range(100)), 10, max_pages=3)
    assert pager.count == 30 and pager.num_pages == 3
    assert list(pager.get_page(99).object_list) == list(range(20, 30))


@pytest.mark.django_db
def test_bench_views_exist_only_with_bench_on(client):
    assert client.get("/__bench__/json").status_code == 404


@pytest.mark.django_db
def test_bench_views_and_query_header_with_bench_on(client, settings):
    import importlib

    import taijiang.urls

    settings.MIDDLEWARE = ["taijiang.core.bench.QueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(BENCH=True):
        importlib.reload(taijiang.urls)
        clear_url_caches()
        response = client.get("/__bench__/row?pk=1")
        assert response.status_code == 200 and response["X-Bench-Queries"] == "1"
        assert client.get("/__bench__/json").json() == {"ok": True}
    importlib.reload(taijiang.urls)
    clear_url_caches()
    assert client.get("/__bench__/json").status_code == 404
