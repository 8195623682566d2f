"""EXPLAIN ANALYZE of the hot queries named in docs/performance.md, on the database of DATABASE_URL.

    DATABASE_URL=postgres://…/tj_district .venv/bin/python benchmarks/explain.py [label …] > explain.txt

Each entry runs what the page or endpoint runs (through the selectors of this checkout), captures
its SQL and prints the plan of every SELECT, so the same script shows "before" on an older
checkout and "after" on this one.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taijiang.settings")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from taijiang.users.models import User  # noqa: E402


def user(name):
    return User.objects.get(username=name)


def resident_appeals():
    from appeals.selectors import appeals_visible_to

    qs = appeals_visible_to(user("demo-resident")).order_by("-is_overdue", "-created_at")
    list(qs[:50])
    qs.count()


def public_board():
    from appeals.selectors import public_board

    try:
        from taijiang.core.pagination import BoundedPaginator as Pager
    except ImportError:
        Pager = Paginator
    page = Pager(public_board(), 20).get_page(1)
    list(page.object_list)


def staff_appeals(name):
    def run():
        from appeals.selectors import appeals_visible_to

        list(appeals_visible_to(user(name)).order_by("-is_overdue", "-created_at")[:50])
    return run


def household_search():
    from grid import selectors
    from grid.models import Resident

    admin = user("demo-community")
    name = Resident.objects.filter(household__building__grid__community_id=admin.community_id).order_by("id")[5].name
    qs = selectors.search_households(selectors.households_visible_to(admin), q=name)
    page = Paginator(selectors.with_residents(qs), 30).get_page(1)
    list(page.object_list)


def staff_bookings():
    from spaces import api, selectors

    qs = selectors.bookings_visible_to(user("demo-community"))
    if ".distinct()" in Path(api.__file__).read_text():  # what the API added before the fix
        qs = qs.distinct()
    qs = qs.order_by("-start")
    list(qs[:50])
    qs.count()


ENTRIES = {
    "a-resident-appeals": resident_appeals,
    "b-public-board": public_board,
    "c-community-appeals": staff_appeals("demo-community"),
    "c-street-appeals": staff_appeals("demo-street"),
    "d-household-search": household_search,
    "e-staff-bookings": staff_bookings,
}


def main(labels):
    for label in labels or ENTRIES:
        with CaptureQueriesContext(connection) as queries:
            ENTRIES[label]()
        print(f"=== {label}")
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "users_user" in sql.split("WHERE")[0][-40:]:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, TIMING ON) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            print("--- " + sql[:300].replace("\n", " ") + (" …" if len(sql) > 300 else ""))
            print("\n".join(plan))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
