"""District-scale data for measuring the portal (`manage.py seed_demo --scale district|street`).

Five years of Taijiang in the project's own tables: 10 streets, 52 communities, ~150k households,
~450k residents, 500k appeals with ~3M timeline rows, 1M visits, 1M queue tickets with ~3M events,
100k service requests and 200k bookings (`street` is a tenth of that, for CI). It runs on top of
the small demo (`seed_demo` without flags) so 福祥社区 and the five demo accounts are one of the
52 communities, holding its proportional share of every table.

How it stays fast (minutes, not hours, on two cores):
- PostgreSQL only: every bulk table is filled by one `INSERT … SELECT` over `generate_series`, with
  randomness from `random()` after `setseed()` in a single session with parallel workers off, so the
  same `--seed` gives the same rows.
- Encrypted fields (`EncryptedTextField`) take their value from a pool of distinct plaintexts
  encrypted once in Python; the pool's keyed lookup hashes are computed with the real
  `lookup_hash`, so a search by phone or ID number finds the pool's rows. ID numbers are unique
  (`id_number_hash` is), so only the pool's size of residents carries one; the others are
  registered without (a blank ID number is allowed by the model).
- Every user shares one password hash (the demo password), computed once.

One section per app's tables below, in dependency order. Nothing here is used at request time.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from taijiang.core.crypto import encrypt, lookup_hash

from . import demo, partitions


@dataclass(frozen=True)
class Scale:
    name: str
    households: int
    appeals: int
    visits: int
    tickets: int
    requests: int
    bookings: int
    pool: int  # distinct encrypted values per field
    buildings_per_community: int


SCALES = {
    "district": Scale("district", households=150_000, appeals=500_000, visits=1_000_000, tickets=1_000_000,
                      requests=100_000, bookings=200_000, pool=20_000, buildings_per_community=120),
    "street": Scale("street", households=15_000, appeals=50_000, visits=100_000, tickets=100_000,
                    requests=10_000, bookings=20_000, pool=2_000, buildings_per_community=24),
}

COMMUNITIES_TOTAL = 52
GRIDS_PER_COMMUNITY = 6
YEARS = 5

# Common surnames in Fuzhou first (林, 陈, 黄, 郑 …): names are drawn with a skew towards the head.
SURNAMES = list("林陈黄郑王李张刘吴杨许何郭赵周徐高朱谢叶潘罗游邱魏肖蔡江董卢詹施孙方宋程余曾")
GIVEN = list("秀英美华玉兰桂芳丽珍明建国伟强军平文金海春宝福荣清志勇德红霞燕梅云凤琴雪艳")

NEW_COMMUNITY_WORDS = list("东西南北中新和安康宁福瑞祥泰兴隆达盛丰德")


class ScaleError(Exception):
    pass


class Generator:
    def __init__(self, scale: Scale, *, seed: int, stdout, now: datetime.datetime | None = None):
        self.scale = scale
        self.seed = seed
        self.stdout = stdout
        self.rng = random.Random(seed)
        # An hour boundary so that two runs in the same hour lay out the same timeline.
        self.now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
        self.started = time.monotonic()

    # --- plumbing --------------------------------------------------------------------
    def log(self, message: str) -> None:
        self.stdout.write(f"  [{time.monotonic() - self.started:6.1f}s] {message}")
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()

    def sql(self, statement: str, params: dict | None = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(statement, {"now": self.now, **(params or {})})
            return cursor.rowcount

    def analyze(self, *tables: str) -> None:
        # Temporary tables are never auto-analysed: without statistics the joins below get nested loops.
        for table in tables:
            self.sql(f"ANALYZE {table}")

    def scalar(self, statement: str, params: dict | None = None):
        with connection.cursor() as cursor:
            cursor.execute(statement, {"now": self.now, **(params or {})})
            return cursor.fetchone()[0]

    def ids(self, table: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id")  # noqa: S608 (a fixed table name)
            return [row[0] for row in cursor.fetchall()]

    def step(self, label: str, statement: str, params: dict | None = None) -> int:
        started = time.monotonic()
        rows = self.sql(statement, params)
        self.log(f"{label}: {rows:,} rows ({time.monotonic() - started:.1f}s)")
        return rows

    # --- entry point -----------------------------------------------------------------
    def run(self) -> None:
        if connection.vendor != "postgresql":
            raise ScaleError("--scale needs PostgreSQL (set DATABASE_URL=postgres://…); SQLite is for the small demo.")
        if self.scalar("SELECT count(*) FROM grid_household") > 10_000:
            raise ScaleError("This database already holds scale data: seed a freshly migrated database "
                             "(dropdb/createdb, migrate) so that --seed reproduces the same rows.")
        # History older than this year goes to its own yearly partition, not the default one.
        partitions.ensure_partitions(since=(self.now - datetime.timedelta(days=YEARS * 366)).date())
        with transaction.atomic():
            self.sql("SET LOCAL synchronous_commit = off")
            self.sql("SET LOCAL max_parallel_workers_per_gather = 0")  # one process: random() is reproducible
            self.sql("SET LOCAL work_mem = '256MB'")
            # Bulk load: every foreign key below is taken from rows just read, so the per-row
            # referential-integrity triggers (deferred to COMMIT, minutes at this size) are skipped.
            # Needs a superuser connection, as a restore would; without it the load is only slower.
            if self.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
                self.sql("SET LOCAL session_replication_role = replica")
            self.sql("SELECT setseed(%(s)s)", {"s": (self.seed % 1000) / 1000.0})
            self.territory()
            self.users()
            self.grid()
            self.services()
            self.appeals()
            self.spaces()
            self.log("committing")
        # VACUUM as well as ANALYZE: a production table is vacuumed by autovacuum long before it holds
        # five years; without it every index-only scan of the fresh load visits the heap.
        self.log("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        from taijiang.dashboard.services import rollup_days

        # What years of nightly runs leave behind, for the span the dashboards read (the 12-month chart
        # and the previous period of a year-long range): those pages read the rollups for past days.
        rollup_days(days=400)
        self.log("dashboard rollups for the last 400 days recomputed")

    # --- grid: territory -------------------------------------------------------------
    def territory(self) -> None:
        from grid.models import Building, Community, Grid, ServiceCentre, Street

        streets = list(Street.objects.order_by("code"))
        existing = Community.objects.count()
        words = NEW_COMMUNITY_WORDS
        n = 0
        while Community.objects.count() < COMMUNITIES_TOTAL:
            street = streets[n % len(streets)]
            suffix = f"{words[n % len(words)]}{words[(n // len(words) + 3) % len(words)]}"
            name = f"{street.name[:2]}{suffix}社区"
            code = f"{street.code}-s{n:02d}"
            n += 1
            if Community.objects.filter(street=street, name=name).exists():
                continue
            community = Community.objects.create(street=street, name=name, code=code)
            ServiceCentre.objects.create(street=street, community=community, name=f"{name}党群服务中心",
                                         address=f"福州市台江区{street.name}{name}", total_area_m2=420)
        # Every community but the demo pilots gets GRIDS_PER_COMMUNITY grids; 福祥 keeps its three
        # (the demo grid worker's) and 福瑞 its two, so the demo accounts stay as they are.
        for community in Community.objects.exclude(code__in=["fuxiang", "furui"]):
            have = community.grids.count()
            for g in range(have, GRIDS_PER_COMMUNITY):
                Grid.objects.create(community=community, name=f"第{'一二三四五六七八九十'[g]}网格",
                                    code=f"{community.code}-g{g + 1}")
        # Generated buildings (the demo's named ones keep the demo households), round-robin over grids.
        per = self.scale.buildings_per_community
        mark = self.scalar("SELECT coalesce(max(id), 0) FROM grid_building")
        self.step("buildings", """
            INSERT INTO grid_building (name, address, latitude, longitude, grid_id)
            SELECT replace(c.name, '社区', '') || '花园' || b || '号楼',
                   '福州市台江区' || c.name || replace(c.name, '社区', '') || '花园' || b || '号楼',
                   26.03 + random() * 0.05, 119.28 + random() * 0.05, g.id
            FROM grid_community c
            CROSS JOIN generate_series(1, %(per)s) b
            JOIN LATERAL (
                SELECT id, row_number() OVER (ORDER BY code) - 1 AS rank, count(*) OVER () AS n
                FROM grid_grid WHERE community_id = c.id
            ) g ON g.rank = b %% g.n
            ORDER BY c.id, b
        """, {"per": per})
        # Index of the generated buildings: community rank (0..51) × building rank, for the generators.
        self.sql("""
            CREATE TEMP TABLE scale_building ON COMMIT DROP AS
            SELECT dense_rank() OVER (ORDER BY c.id) - 1 AS crank,
                   row_number() OVER (PARTITION BY c.id ORDER BY b.id) - 1 AS brank,
                   b.id, b.grid_id, c.id AS community_id, c.street_id
            FROM grid_building b JOIN grid_grid g ON g.id = b.grid_id JOIN grid_community c ON c.id = g.community_id
            WHERE b.id > %(mark)s
        """, {"mark": mark})
        self.sql("CREATE INDEX ON scale_building (crank, brank)")
        self.analyze("scale_building")
        self.log(f"territory: {Community.objects.count()} communities ({Community.objects.count() - existing} new), "
                 f"{Grid.objects.count()} grids, {Building.objects.count()} buildings")

    # --- taijiang.users ---------------------------------------------------------------
    def users(self) -> None:
        self.password = make_password(demo.DEMO_PASSWORD, salt="scaleseed")
        # Staff per territory: a grid worker per grid (福祥's first two grids are demo-grid's), a
        # window clerk and a community admin per community, a street admin per street.
        self.step("staff accounts", """
            INSERT INTO users_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                    is_active, date_joined, role, display_name, language, phone, must_change_password,
                                    community_id, street_id)
            SELECT %(pw)s, false, u.username, '', '', '', false, true, %(now)s - interval '5 years', u.role,
                   u.display_name, 'zh-hans', '', false, u.community_id, u.street_id
            FROM (
                SELECT 'gw-' || g.code AS username, 'grid_worker' AS role, '网格员' || g.id AS display_name,
                       c.id AS community_id, c.street_id
                FROM grid_grid g JOIN grid_community c ON c.id = g.community_id
                WHERE NOT EXISTS (SELECT 1 FROM users_user_grids ug WHERE ug.grid_id = g.id)
                UNION ALL
                SELECT 'ws-' || c.code, 'window_staff', '窗口' || c.id, c.id, c.street_id
                FROM grid_community c WHERE c.code <> 'fuxiang'
                UNION ALL
                SELECT 'ca-' || c.code, 'community_admin', '社区管理员' || c.id, c.id, c.street_id
                FROM grid_community c WHERE c.code <> 'fuxiang'
                UNION ALL
                SELECT 'sa-' || s.code, 'street_admin', '街道管理员' || s.id, NULL, s.id
                FROM grid_street s WHERE s.code <> 'houzhou'
            ) u
        """, {"pw": self.password})
        self.sql("""
            INSERT INTO users_user_grids (user_id, grid_id)
            SELECT u.id, g.id FROM grid_grid g JOIN users_user u ON u.username = 'gw-' || g.code
        """)
        # The worker and window clerk each generated row is attributed to.
        self.sql("""
            CREATE TEMP TABLE scale_grid_worker ON COMMIT DROP AS
            SELECT grid_id, min(user_id) AS user_id FROM users_user_grids GROUP BY grid_id
        """)
        self.sql("""
            CREATE TEMP TABLE scale_clerk ON COMMIT DROP AS
            SELECT community_id, min(id) AS user_id FROM users_user WHERE role = 'window_staff' GROUP BY community_id
        """)
        self.analyze("scale_grid_worker", "scale_clerk")

    # --- grid: households, residents, tags, visits ---------------------------------------
    def grid(self) -> None:
        scale = self.scale
        self.step("households", """
            INSERT INTO grid_household (door_number, residence_type, living_situation, note, is_active,
                                        next_visit_due, created_at, updated_at, building_id, risk_rank)
            SELECT ((s.j / %(per)s / 4 + 1) * 100 + s.j / %(per)s %% 4 + 1)::text,
                   (ARRAY['present','present','present','present','present','present','tenant','absent',
                          'unregistered','lodger','vacant'])[1 + floor(random() * 11)::int],
                   (ARRAY['ordinary','ordinary','ordinary','ordinary','ordinary','ordinary','empty_nest',
                          'alone','widowed_childless'])[1 + floor(random() * 9)::int],
                   '', random() > 0.02,
                   (%(now)s::date + (floor(random() * 100) - 10)::int),
                   %(now)s - interval '5 years' * random(), %(now)s, b.id, 3
            FROM (SELECT i, i %% %(communities)s AS crank, i / %(communities)s AS j
                  FROM generate_series(0, %(n)s - 1) i) s
            JOIN scale_building b ON b.crank = s.crank AND b.brank = s.j %% %(per)s
        """, {"n": scale.households, "per": scale.buildings_per_community, "communities": COMMUNITIES_TOTAL})
        self.sql("""
            CREATE TEMP TABLE scale_household ON COMMIT DROP AS
            SELECT h.id, row_number() OVER (ORDER BY h.id) - 1 AS rank, sb.grid_id, sb.community_id, sb.street_id,
                   h.building_id
            FROM grid_household h JOIN scale_building sb ON sb.id = h.building_id
        """)
        self.sql("CREATE UNIQUE INDEX ON scale_household (rank)")
        self.analyze("scale_household")
        households = self.scalar("SELECT count(*) FROM scale_household")

        # The encrypted pool: distinct plaintexts, encrypted and hashed once each.
        started = time.monotonic()
        pool = []
        for n in range(scale.pool):
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=n // 1000 * 7 + n % 7)
            id_number = f"350103{born:%Y%m%d}{n % 1000:03d}" + "0123456789X"[(n * 7) % 11]
            phone = f"13{self.rng.randrange(10**9):09d}"
            pool.append((n, encrypt(id_number), lookup_hash(id_number), encrypt(phone), lookup_hash(phone)))
        self.sql("CREATE TEMP TABLE scale_pool (n int PRIMARY KEY, id_enc text, id_hash text, phone_enc text, "
                 "phone_hash text) ON COMMIT DROP")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO scale_pool VALUES (%s, %s, %s, %s, %s)", pool)
        self.analyze("scale_pool")
        self.log(f"encrypted pool: {scale.pool:,} ID numbers and phones ({time.monotonic() - started:.1f}s)")

        # 1–5 residents per household, about three on average.
        self.step("residents", """
            INSERT INTO grid_resident (name, sex, birth_date, id_number, id_number_hash, phone, phone_hash, ethnicity,
                                       relation_to_head, political_status, status, created_at, updated_at, household_id)
            SELECT (%(surnames)s::text[])[1 + floor(power(random(), 2) * %(ns)s)::int]
                       || (%(given)s::text[])[1 + floor(random() * %(ng)s)::int]
                       || CASE WHEN random() < 0.6 THEN (%(given)s::text[])[1 + floor(random() * %(ng)s)::int] ELSE '' END,
                   CASE WHEN random() < 0.5 THEN 'M' ELSE 'F' END,
                   DATE '1930-01-01' + floor(random() * 33000)::int,
                   '', NULL, '', '', '汉族',
                   CASE WHEN m = 1 THEN '户主' WHEN m = 2 THEN '配偶' ELSE '子女' END,
                   CASE WHEN random() < 0.08 THEN '中共党员' ELSE '群众' END,
                   CASE WHEN random() < 0.96 THEN 'active' WHEN random() < 0.5 THEN 'moved_out' ELSE 'deceased' END,
                   %(now)s - interval '5 years' * random(), %(now)s, h.id
            FROM scale_household h
            CROSS JOIN LATERAL generate_series(1, 1 + floor(random() * 5)::int + (h.id * 0)) m
        """, {"surnames": SURNAMES, "given": GIVEN, "ns": len(SURNAMES), "ng": len(GIVEN)})
        self.sql("""
            CREATE TEMP TABLE scale_resident ON COMMIT DROP AS
            SELECT r.id, row_number() OVER (ORDER BY r.id) - 1 AS rank, r.household_id
            FROM grid_resident r JOIN scale_household h ON h.id = r.household_id
        """)
        self.sql("CREATE UNIQUE INDEX ON scale_resident (rank)")
        self.analyze("scale_resident")
        residents = self.scalar("SELECT count(*) FROM scale_resident")
        # The pool's ID numbers go to that many residents (one each: the hash is unique); every
        # third resident has a phone from the pool (phones may be shared within a family).
        self.step("resident ID numbers and phones", """
            UPDATE grid_resident r SET id_number = p.id_enc, id_number_hash = p.id_hash
            FROM scale_resident s JOIN scale_pool p ON p.n = s.rank
            WHERE r.id = s.id
        """)
        self.sql("""
            UPDATE grid_resident r SET phone = p.phone_enc, phone_hash = p.phone_hash
            FROM scale_resident s JOIN scale_pool p ON p.n = (s.rank / 3) %% %(pool)s
            WHERE r.id = s.id AND s.rank %% 3 = 0
        """, {"pool": scale.pool})
        # Tags on about one resident in ten; the household's visit tier follows the highest.
        self.step("resident tags", """
            INSERT INTO grid_resident_tags (resident_id, tag_id)
            SELECT s.id, (%(tags)s::bigint[])[1 + floor(random() * %(ntags)s)::int]
            FROM scale_resident s WHERE random() < 0.10
        """, {"tags": self.ids("grid_tag"), "ntags": len(self.ids("grid_tag"))})
        self.sql("""
            UPDATE grid_household h SET risk_rank = x.rank
            FROM (SELECT r.household_id, min(CASE t.tier WHEN 'high' THEN 1 WHEN 'key' THEN 2 ELSE 3 END) AS rank
                  FROM grid_resident_tags rt JOIN grid_tag t ON t.id = rt.tag_id
                  JOIN grid_resident r ON r.id = rt.resident_id JOIN scale_household s ON s.id = r.household_id
                  GROUP BY r.household_id) x
            WHERE h.id = x.household_id
        """)
        # Portal accounts: about one resident in ten, living in their household's building. They sign in
        # by username (no phone on the account: phones are unique per account and the pool repeats).
        self.step("resident accounts", """
            INSERT INTO users_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                    is_active, date_joined, role, display_name, language, phone, must_change_password,
                                    building_id, community_id, street_id)
            SELECT %(pw)s, false, 'res-' || r.id, '', '', '', false, true, %(now)s - interval '5 years' * random(),
                   'resident', r.name, 'zh-hans', '', false, h.building_id,
                   h.community_id, h.street_id
            FROM scale_resident s JOIN grid_resident r ON r.id = s.id JOIN scale_household h ON h.id = s.household_id
            WHERE s.rank %% 10 = 7
        """, {"pw": self.password})
        self.sql("""
            UPDATE grid_resident r SET user_id = u.id FROM users_user u
            WHERE u.username = 'res-' || r.id AND u.username LIKE 'res-%%'
        """)
        # demo-resident (林阿姨) is the registered resident of a 福祥 household, like a real account.
        self.sql("""
            UPDATE grid_resident SET user_id = (SELECT id FROM users_user WHERE username = 'demo-resident'),
                                     name = '林阿姨', sex = 'F'
            WHERE id = (SELECT r.id FROM grid_resident r JOIN scale_household h ON h.id = r.household_id
                        JOIN grid_community c ON c.id = h.community_id
                        WHERE c.code = 'fuxiang' AND r.user_id IS NULL ORDER BY r.id LIMIT 1)
              AND NOT EXISTS (SELECT 1 FROM grid_resident WHERE user_id =
                              (SELECT id FROM users_user WHERE username = 'demo-resident'))
        """)
        self.sql("""
            CREATE TEMP TABLE scale_account ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY r.user_id) - 1 AS rank, r.user_id, r.id AS resident_id,
                   s.household_id
            FROM grid_resident r JOIN scale_resident s ON s.id = r.id WHERE r.user_id IS NOT NULL
        """)
        self.sql("CREATE UNIQUE INDEX ON scale_account (rank)")
        self.analyze("scale_account")
        self.accounts = self.scalar("SELECT count(*) FROM scale_account")
        self.log(f"grid: {households:,} households, {residents:,} residents, {self.accounts:,} resident accounts")

        # Visits: more of them in recent years (the door-knocking campaign grew), by the grid's worker.
        self.step("visits", """
            INSERT INTO grid_visit (visited_at, kind, outcome, observations, needs, actions_taken, note, photo,
                                    client_uuid, created_at, household_id, grid_id, worker_id)
            SELECT t, CASE WHEN random() < 0.8 THEN 'home' WHEN random() < 0.8 THEN 'phone' ELSE 'other' END,
                   CASE WHEN random() < 0.85 THEN 'met' WHEN random() < 0.8 THEN 'nobody_home' ELSE 'refused' END,
                   '{"health": "良好", "wiring": "ok", "gas": "ok"}'::jsonb, '', '', '', '',
                   md5(%(seed)s || '-visit-' || i)::uuid, t, h.id, h.grid_id, w.user_id
            FROM (SELECT i, %(now)s - interval '5 years' * (1 - sqrt(random())) - interval '1 hour' AS t,
                         floor(random() * %(hh)s)::int AS hr
                  FROM generate_series(1, %(n)s) i) v
            JOIN scale_household h ON h.rank = v.hr
            JOIN scale_grid_worker w ON w.grid_id = h.grid_id
        """, {"n": scale.visits, "hh": households, "seed": self.seed})
        self.sql("""
            UPDATE grid_household h SET last_visited_at = x.last,
                   next_visit_due = (x.last AT TIME ZONE 'Asia/Shanghai')::date
                                    + CASE h.risk_rank WHEN 1 THEN 7 WHEN 2 THEN 30 ELSE 90 END
            FROM (SELECT household_id, max(visited_at) AS last FROM grid_visit GROUP BY household_id) x
            WHERE h.id = x.household_id AND h.id IN (SELECT id FROM scale_household)
        """)

    # --- services: windows, tickets, requests ----------------------------------------------
    def services(self) -> None:
        scale = self.scale
        self.sql("""
            INSERT INTO services_window (number, name, in_service, is_open, centre_id)
            SELECT n, '综合窗口', true, false, sc.id
            FROM grid_servicecentre sc CROSS JOIN generate_series(1, 2) n
            WHERE sc.community_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM services_window w WHERE w.centre_id = sc.id)
        """)
        self.sql("""
            CREATE TEMP TABLE scale_centre ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY sc.id) - 1 AS rank, sc.id, sc.community_id,
                   (SELECT min(id) FROM services_window w WHERE w.centre_id = sc.id) AS window_id,
                   (SELECT user_id FROM scale_clerk k WHERE k.community_id = sc.community_id) AS clerk_id
            FROM grid_servicecentre sc WHERE sc.community_id IS NOT NULL
        """)
        centres = self.scalar("SELECT count(*) FROM scale_centre")
        # Working days of the last five years up to yesterday (today's queue stays the demo's own).
        self.sql("""
            CREATE TEMP TABLE scale_day ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY d) - 1 AS rank, d::date AS day
            FROM generate_series((%(now)s - interval '5 years')::date, %(now)s::date - 1, interval '1 day') d
            WHERE extract(isodow FROM d) < 6
        """)
        days = self.scalar("SELECT count(*) FROM scale_day")
        self.analyze("scale_centre", "scale_day")
        per_day = -(-scale.tickets // (centres * days))  # ceil; a random share keeps the total right
        ticket_share = scale.tickets / (centres * days * per_day)
        items = self.ids("services_serviceitem")
        self.step("queue tickets", """
            INSERT INTO services_queueticket (service_date, number, sequence, kind, source, status, is_priority,
                priority_reason, recall_count, issued_at, called_at, served_at, completed_at, note, centre_id,
                item_id, window_id, resident_id)
            SELECT d.day, 'A' || lpad(q::text, 3, '0'), q,
                   CASE WHEN q %% 7 = 0 THEN 'appointment' ELSE 'walk_in' END,
                   CASE WHEN q %% 7 = 0 THEN 'appointment' ELSE 'kiosk' END,
                   CASE WHEN random() < 0.93 THEN 'completed' WHEN random() < 0.7 THEN 'no_show' ELSE 'cancelled' END,
                   false, '', 0, t, t + interval '6 minutes', t + interval '7 minutes', t + interval '19 minutes', '',
                   c.id, (%(items)s::bigint[])[1 + (q * 7 + c.rank) %% %(nitems)s],
                   c.window_id, NULL
            FROM scale_centre c CROSS JOIN scale_day d CROSS JOIN generate_series(1, %(per)s) q
            CROSS JOIN LATERAL (SELECT (d.day + time '00:30' + interval '1 minute' * (q * 12 + floor(random() * 10)))
                                       AT TIME ZONE 'UTC' AS t) tt
            WHERE random() < %(share)s
        """, {"share": ticket_share, "per": per_day, "items": items, "nitems": len(items)})
        self.step("ticket events", """
            INSERT INTO services_ticketevent (action, from_status, to_status, note, at, actor_id, ticket_id, window_id)
            SELECT e.action, e.from_status, e.to_status, '', e.at, e.actor, t.id, t.window_id
            FROM services_queueticket t JOIN scale_centre c ON c.id = t.centre_id
            CROSS JOIN LATERAL (VALUES
                ('issue', '', 'waiting', t.issued_at, NULL::bigint),
                ('call', 'waiting', 'called', t.called_at, c.clerk_id),
                (CASE t.status WHEN 'completed' THEN 'complete' WHEN 'no_show' THEN 'no_show' ELSE 'cancel' END,
                 'called', t.status, t.completed_at, c.clerk_id)
            ) e(action, from_status, to_status, at, actor)
            WHERE t.service_date < %(now)s::date
        """)
        self.step("service requests", """
            INSERT INTO services_servicerequest (number, applicant_name, applicant_phone, channel, description, status,
                handling_level, missing_materials, reject_reason, result, due_date, is_proxy, consent_by,
                consent_method, consent_at, proxy_status, confirmed_by_name, submitted_at, accepted_at, closed_at,
                updated_at, applicant_id, community_id, created_by_id, grid_id, item_id, registry_resident_id)
            SELECT 'SC' || lpad(i::text, 10, '0'), r.name, p.phone_enc,
                   CASE WHEN a.user_id IS NOT NULL THEN 'online' ELSE 'window' END, '', st.s,
                   'community', '[]'::jsonb, CASE st.s WHEN 'rejected' THEN '材料不符合要求' ELSE '' END,
                   CASE st.s WHEN 'completed' THEN '已办结' ELSE '' END, (t + interval '10 days')::date,
                   false, '', '', NULL, '', '', t, t + interval '1 day',
                   CASE WHEN st.s IN ('completed', 'rejected', 'withdrawn') THEN t + interval '5 days' END, t,
                   a.user_id, h.community_id, k.user_id, h.grid_id,
                   (%(items)s::bigint[])[1 + i %% %(nitems)s], r.id
            FROM (SELECT i, %(now)s - interval '5 years' * (1 - sqrt(random())) AS t,
                         floor(random() * %(rr)s)::int AS rr, random() AS u
                  FROM generate_series(1, %(n)s) i) x
            JOIN scale_resident sr ON sr.rank = x.rr
            JOIN grid_resident r ON r.id = sr.id
            JOIN scale_household h ON h.id = sr.household_id
            JOIN scale_clerk k ON k.community_id = h.community_id
            JOIN scale_pool p ON p.n = x.rr %% %(pool)s
            LEFT JOIN scale_account a ON a.resident_id = r.id
            CROSS JOIN LATERAL (SELECT CASE WHEN x.t < %(now)s - interval '30 days' THEN
                    (CASE WHEN x.u < 0.88 THEN 'completed' WHEN x.u < 0.95 THEN 'rejected' ELSE 'withdrawn' END)
                    ELSE (ARRAY['submitted','pre_review','materials_missing','accepted','processing','completed'])
                         [1 + floor(x.u * 6)::int] END AS s) st
        """, {"n": scale.requests, "rr": self.scalar("SELECT count(*) FROM scale_resident"),
              "items": items, "nitems": len(items), "pool": scale.pool})
        self.step("request events", """
            INSERT INTO services_requestevent (from_status, to_status, proxy_status, title, note, data, public, at,
                                               actor_id, request_id)
            SELECT e.f, e.t, '', e.title, '', '{}'::jsonb, true, e.at, r.created_by_id, r.id
            FROM services_servicerequest r
            CROSS JOIN LATERAL (VALUES ('', 'submitted', '提交', r.submitted_at),
                                       ('submitted', 'accepted', '受理', r.accepted_at),
                                       ('accepted', r.status, '办结', r.closed_at)) e(f, t, title, at)
            WHERE r.number LIKE 'SC%%' AND e.at IS NOT NULL
        """)

    # --- appeals ----------------------------------------------------------------------
    def appeals(self) -> None:
        scale = self.scale
        self.step("appeals", """
            INSERT INTO appeals_appeal (number, channel, channel_system, text, status, level, address, contact_preference,
                contact_name, contact_phone, contact_phone_hash, publish_allowed, level_entered_at, accept_due, reply_due, resolve_due,
                is_overdue, accepted_at, first_reply_at, resolved_at, closed_at, decline_reason, rating,
                rating_comment, rated_at, closed_unrated, created_at, updated_at, building_id, community_id,
                created_by_id, grid_id, registry_resident_id, street_id, submitter_id, category_id)
            SELECT 'ZS' || to_char(x.t, 'YYYYMMDD') || '-' || lpad(x.i::text, 7, '0'),
                   CASE WHEN a.user_id IS NOT NULL THEN 'web' ELSE 'visit' END, '',
                   (ARRAY['楼道堆放杂物，存在消防隐患','路灯不亮，晚上出行不便','楼上漏水，影响我家天花板',
                          '小区内车辆乱停，消防通道被占','垃圾清运不及时，有异味','广场舞音响太吵影响休息',
                          '井盖松动，有安全隐患','希望增加老年人助餐点'])[1 + floor(random() * 8)::int],
                   st.s, lv.l, '', 'inapp', '', '', '', random() < 0.8,
                   x.t, x.t + interval '4 hours', x.t + interval '14 hours', x.t + interval '5 days',
                   st.s IN ('submitted', 'accepted', 'in_progress') AND x.t < %(now)s - interval '5 days'
                       AND random() < 0.3,
                   CASE WHEN st.s <> 'submitted' THEN x.t + interval '2 hours' END,
                   CASE WHEN st.s IN ('replied', 'closed', 'in_progress') THEN x.t + interval '6 hours' END,
                   CASE WHEN st.s IN ('replied', 'closed') THEN x.t + interval '1 day' * (1 + floor(random() * 9)) END,
                   CASE WHEN st.s IN ('closed', 'declined') THEN x.t + interval '12 days' END,
                   CASE WHEN st.s = 'declined' THEN '不属于受理范围' ELSE '' END,
                   CASE WHEN st.s = 'closed' AND random() < 0.7 THEN 4 + floor(random() * 2)::int END,
                   '', NULL, st.s = 'closed' AND random() < 0.2, x.t, x.t, h.building_id, h.community_id,
                   CASE WHEN a.user_id IS NULL THEN w.user_id END, h.grid_id, sr.id, h.street_id, a.user_id,
                   (%(cats)s::bigint[])[1 + x.i %% %(ncats)s]
            FROM (SELECT i, %(now)s - interval '5 years' * (1 - sqrt(random())) - interval '1 hour' AS t,
                         random() AS u, random() AS v,
                         CASE WHEN random() < 0.7 THEN floor(random() * %(accounts)s)::int ELSE -1 END AS ar,
                         floor(random() * %(rr)s)::int AS rr
                  FROM generate_series(1, %(n)s) i) x
            LEFT JOIN scale_account a ON a.rank = x.ar
            JOIN scale_resident anyone ON anyone.rank = x.rr
            JOIN scale_resident sr ON sr.id = COALESCE(a.resident_id, anyone.id)
            JOIN scale_household h ON h.id = sr.household_id
            JOIN scale_grid_worker w ON w.grid_id = h.grid_id
            CROSS JOIN LATERAL (SELECT CASE WHEN x.t < %(now)s - interval '45 days' THEN
                    (CASE WHEN x.u < 0.80 THEN 'closed' WHEN x.u < 0.90 THEN 'replied' WHEN x.u < 0.95 THEN 'declined'
                          WHEN x.u < 0.97 THEN 'in_progress' ELSE 'accepted' END)
                    ELSE (ARRAY['submitted','accepted','in_progress','info_requested','replied','closed','closed'])
                         [1 + floor(x.u * 7)::int] END AS s) st
            CROSS JOIN LATERAL (SELECT CASE WHEN x.v < 0.62 THEN 'grid' WHEN x.v < 0.90 THEN 'community'
                                            WHEN x.v < 0.98 THEN 'street' ELSE 'district' END AS l) lv
        """, {"n": scale.appeals, "accounts": self.accounts, "rr": self.scalar("SELECT count(*) FROM scale_resident"),
              "cats": self.ids("appeals_category"), "ncats": len(self.ids("appeals_category"))})
        # The timeline: submitted, routed, accepted, a note, a reply, then closed/rated as the status says.
        self.step("appeal timeline", """
            INSERT INTO appeals_appealevent (kind, from_status, to_status, level, public, note, at, actor_id,
                                             appeal_id)
            SELECT e.kind, e.f, e.t, a.level, e.kind <> 'note', e.txt, e.at, e.actor, a.id
            FROM appeals_appeal a
            LEFT JOIN scale_grid_worker w ON w.grid_id = a.grid_id
            CROSS JOIN LATERAL (VALUES
                (1, 'submitted', '', 'submitted', '', a.created_at, a.submitter_id),
                (2, 'routed', '', '', '按分类指派', a.created_at + interval '1 minute', NULL),
                (3, 'transition', 'submitted', 'accepted', '', a.accepted_at, w.user_id),
                (4, 'note', '', '', '已联系物业', a.accepted_at + interval '3 hours', w.user_id),
                (5, 'reply', '', '', '已安排处理，感谢反映', a.first_reply_at, w.user_id),
                (6, 'transition', 'in_progress', 'replied', '', a.resolved_at, w.user_id),
                (7, 'rated', '', '', '', CASE WHEN a.rating IS NOT NULL THEN a.closed_at END, a.submitter_id),
                (8, 'transition', 'replied', 'closed', '', CASE WHEN a.status = 'closed' THEN a.closed_at END, NULL),
                (9, 'transition', 'submitted', 'declined', '', CASE WHEN a.status = 'declined' THEN a.closed_at END,
                 w.user_id)
            ) e(step, kind, f, t, txt, at, actor)
            WHERE a.number LIKE 'ZS%%' AND e.at IS NOT NULL
        """)

    # --- spaces -----------------------------------------------------------------------
    def spaces(self) -> None:
        scale = self.scale
        # Every community centre gets the demo centre's rooms and weekly pattern.
        self.sql("""
            INSERT INTO spaces_room (name, kind, area_m2, capacity, equipment, description, bookable, bookers,
                needs_approval, follows_centre_hours, min_notice_hours, max_notice_days, min_duration_minutes,
                max_duration_minutes, buffer_minutes, weekly_quota, check_in_required, release_after_minutes,
                is_active, centre_id)
            SELECT r.name, r.kind, r.area_m2, r.capacity, r.equipment, r.description, r.bookable, r.bookers,
                   r.needs_approval, r.follows_centre_hours, r.min_notice_hours, r.max_notice_days,
                   r.min_duration_minutes, r.max_duration_minutes, r.buffer_minutes, r.weekly_quota,
                   r.check_in_required, r.release_after_minutes, r.is_active, sc.id
            FROM spaces_room r
            JOIN grid_servicecentre demo ON demo.id = r.centre_id
            JOIN grid_community dc ON dc.id = demo.community_id AND dc.code = 'fuxiang'
            CROSS JOIN grid_servicecentre sc
            WHERE sc.community_id IS NOT NULL AND sc.id <> demo.id
              AND NOT EXISTS (SELECT 1 FROM spaces_room x WHERE x.centre_id = sc.id)
        """)
        self.sql("""
            INSERT INTO spaces_timeslice (room_id, weekday, starts, ends, function, audience, valid_from, valid_until)
            SELECT r.id, t.weekday, t.starts, t.ends, t.function, t.audience, t.valid_from, t.valid_until
            FROM spaces_timeslice t JOIN spaces_room dr ON dr.id = t.room_id
            JOIN spaces_room r ON r.name = dr.name AND r.centre_id <> dr.centre_id
            WHERE NOT EXISTS (SELECT 1 FROM spaces_timeslice x WHERE x.room_id = r.id)
        """)
        self.sql("""
            CREATE TEMP TABLE scale_room ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY r.id) - 1 AS rank, r.id, r.buffer_minutes
            FROM spaces_room r WHERE r.bookable AND r.kind <> 'office'
        """)
        rooms = self.scalar("SELECT count(*) FROM scale_room")
        self.analyze("scale_room")
        # Fixed daily sessions per room (09:00, 14:30, 19:00 local): a booking takes one session of one
        # day, so active bookings never overlap. Past days only, plus a few weeks ahead.
        days = YEARS * 365 + 28
        sessions = rooms * days * 3
        share = min(1.0, scale.bookings / sessions)
        mark = self.scalar("SELECT coalesce(max(id), 0) FROM spaces_booking")
        self.step("bookings", """
            INSERT INTO spaces_booking (organisation, purpose, title, attendees, start, "end", blocked_until, status,
                                        checked_in_at, sequence, created_at, updated_at, booker_id, room_id)
            SELECT '', (ARRAY['general','elderly','lecture','parent_child','meeting','health'])[1 + s.k * 2 %% 6],
                   (ARRAY['太极拳晨练','社区合唱团排练','亲子手作','健康讲座','楼道议事会','青年夜校'])
                       [1 + (s.k + s.d) %% 6],
                   5 + floor(random() * 20)::int, s.start, s.start + interval '90 minutes',
                   s.start + interval '90 minutes' + interval '1 minute' * s.buffer_minutes,
                   CASE WHEN s.start > %(now)s THEN 'confirmed'
                        WHEN s.u < 0.78 THEN 'checked_in' WHEN s.u < 0.9 THEN 'cancelled' ELSE 'no_show' END,
                   CASE WHEN s.start <= %(now)s AND s.u < 0.78 THEN s.start - interval '5 minutes' END,
                   0, s.start - interval '3 days', s.start - interval '3 days', a.user_id, s.room_id
            FROM (SELECT r.id AS room_id, r.buffer_minutes, d, k, random() AS u, random() AS pick,
                         floor(random() * %(accounts)s)::int AS ar,
                         ((%(now)s::date - %(past)s + d) + (ARRAY[time '01:00', time '06:30', time '11:00'])[k + 1])
                             AT TIME ZONE 'UTC' AS start
                  FROM scale_room r CROSS JOIN generate_series(0, %(days)s - 1) d CROSS JOIN generate_series(0, 2) k
                 ) s
            JOIN scale_account a ON a.rank = s.ar
            WHERE s.pick < %(share)s
              AND NOT EXISTS (SELECT 1 FROM spaces_booking b WHERE b.room_id = s.room_id
                              AND b.start < s.start + interval '3 hours' AND b.blocked_until > s.start)
        """, {"days": days, "past": YEARS * 365, "share": share, "accounts": self.accounts})
        self.step("booking changes", """
            INSERT INTO spaces_bookingchange (from_status, to_status, note, at, actor_id, booking_id)
            SELECT '', CASE WHEN b.status IN ('cancelled', 'no_show', 'checked_in') THEN 'confirmed' ELSE b.status END,
                   '', b.created_at, b.booker_id, b.id
            FROM spaces_booking b WHERE b.id > %(mark)s
        """, {"mark": mark})
        # Activities: about half of the lecture, parent-child, elders' and health sessions are published
        # activities with sign-up (a community's two or three a week), each with its sign-ups.
        self.step("activities", """
            INSERT INTO spaces_activity (booking_id, kind, title, description, capacity, waitlist, status, agenda,
                                         minutes, organiser_id, created_at)
            SELECT b.id, b.purpose, b.title, '', 20, true,
                   CASE WHEN b.status = 'cancelled' THEN 'cancelled' WHEN b.start < %(now)s THEN 'finished'
                        ELSE 'published' END,
                   '', '', (SELECT id FROM users_user WHERE username = 'demo-community'), b.created_at
            FROM spaces_booking b
            WHERE b.id > %(mark)s AND b.purpose IN ('lecture', 'parent_child', 'elderly', 'health') AND random() < 0.5
        """, {"mark": mark})
        self.step("activity sign-ups", """
            INSERT INTO spaces_signup (activity_id, resident_id, status, attended, sequence, created_at, updated_at)
            SELECT a.id, acc.user_id, CASE WHEN s.u < 0.9 THEN 'confirmed' ELSE 'cancelled' END,
                   CASE WHEN a.status = 'finished' AND s.u < 0.9 THEN s.u < 0.75 END, 0,
                   b.created_at + interval '1 hour', b.created_at + interval '1 hour'
            FROM spaces_activity a JOIN spaces_booking b ON b.id = a.booking_id
            CROSS JOIN LATERAL (SELECT k, random() AS u, floor(random() * %(accounts)s)::int AS ar
                                FROM generate_series(1, 10) k WHERE a.id > 0) s
            JOIN scale_account acc ON acc.rank = s.ar
            WHERE b.id > %(mark)s
            ON CONFLICT DO NOTHING
        """, {"mark": mark, "accounts": self.accounts})


def seed_scale(name: str, *, seed: int, stdout) -> None:
    """Add `name`-scale data on top of the small demo (which the caller has just loaded)."""
    if name not in SCALES:
        raise ScaleError(f"unknown scale {name!r}: choose {', '.join(SCALES)}")
    Generator(SCALES[name], seed=seed, stdout=stdout).run()
