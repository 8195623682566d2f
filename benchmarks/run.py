"""`make bench`: the portal under load on loopback, every role's pages and lists, the writes, and a ceiling.

Usage (on a database loaded with `manage.py seed_demo --scale district`, see docs/performance.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tj_district .venv/bin/python benchmarks/run.py \
        [--requests 100] [--concurrency 8] [--seconds 8] [--only resident] [--port 8765]

What it does, bounded in count and time and on 127.0.0.1 only:
1. collectstatic (production storage), then gunicorn with 2 workers in production mode (DEBUG off) and
   BENCH=1, which adds the `X-Bench-Queries` header and the ceiling views (taijiang.core.bench);
2. logs each demo role in (session cookie through the login form; API token through
   POST /api/v1/auth/token/, reading `token` from the JSON answer);
3. for each path: a few warm-up requests, then up to --requests requests by --concurrency clients,
   stopping after --seconds; records requests/s, p50/p95/p99, queries per request and the status codes;
4. the writes: take a ticket, call-next + complete, create a booking, submit an appeal, log a visit;
5. writes bench/results.json and prints the table, each path's throughput as a ratio of the ceiling
   (the bare JSON view) measured in the same run, with the machine's load average beside it.

It asserts nothing about time: the numbers are for docs/performance.md.
"""

import argparse
import asyncio
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "taijiang-demo"  # taijiang.core.demo.DEMO_PASSWORD
ROLES = ["demo-resident", "demo-window", "demo-grid", "demo-community", "demo-street"]


def django_setup():
    """The runner reads ids (the demo window, a room, a household) through the ORM, with the seed's settings."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taijiang.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)


def fixtures() -> dict:
    from django.conf import settings

    from appeals.models import Appeal, Category
    from grid.models import Household, Resident, ServiceCentre
    from services.models import Window
    from spaces.models import Room
    from taijiang.users.models import User

    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    centre = ServiceCentre.objects.get(community__code="fuxiang")
    grid_ids = list(users["demo-grid"].grids.values_list("id", flat=True))
    household = Household.objects.filter(building__grid_id__in=grid_ids).order_by("id").first()
    resident = Resident.objects.filter(household__building__grid__community=centre.community).order_by("id").first()
    appeal = Appeal.objects.filter(community=centre.community).order_by("-id").first()
    return {
        "keys": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "lookup_key": settings.LOOKUP_HASH_KEY,
        "centre": centre.pk,
        "window": Window.objects.filter(centre=centre).order_by("number").first().pk,
        # The demo's multi-purpose room: its weekday 14:30–17:30 slice is for general use.
        "room": Room.objects.filter(centre=centre, name="多功能室").first().pk,
        "household": household.pk if household else None,
        "households": list(Household.objects.filter(building__grid_id__in=grid_ids).values_list("id", flat=True)[:200]),
        "surname": resident.name[:1] if resident else "林",
        "name": resident.name if resident else "林",
        "appeal": appeal.pk if appeal else None,
        "category": Category.objects.filter(is_active=True).order_by("order").values_list("code", flat=True).first(),
    }


def paths(f: dict) -> list[tuple[str, str]]:
    """(role or "anonymous", path): the pages and lists each role uses, the issue's table first."""
    today = datetime.date.today().isoformat()
    return [
        ("ceiling", "/__bench__/json"),
        ("ceiling", "/__bench__/row?pk=1"),
        ("demo-resident", "/me/mine/"),
        ("demo-resident", "/"),
        ("demo-resident", "/appeals/mine/"),
        ("demo-resident", "/appeals/board/"),
        ("demo-resident", "/services/"),
        ("demo-resident", "/services/?q=补贴"),
        ("demo-resident", "/services/queue/mine/"),
        ("demo-resident", "/spaces/"),
        ("demo-resident", "/spaces/mine/"),
        ("demo-resident", "/spaces/activities/"),
        ("demo-resident", "/notifications/"),
        ("demo-resident", "api:/api/v1/appeals/"),
        ("demo-resident", "api:/api/v1/bookings/"),
        ("demo-resident", "api:/api/v1/queue/tickets/"),
        ("demo-resident", "api:/api/v1/service-requests/"),
        ("anonymous", "/appeals/board/"),
        ("anonymous", "/appeals/board/?page=50"),
        ("anonymous", "/open311/v2/requests.json"),
        ("demo-window", "/"),
        ("demo-window", "/services/queue/console/"),
        ("demo-window", "/services/queue/console/waiting/"),
        ("demo-window", "/services/requests/"),
        ("demo-window", f"api:/api/v1/queue/tickets/?service_date={today}"),
        ("demo-window", "api:/api/v1/service-requests/"),
        ("demo-grid", "/"),
        ("demo-grid", "/grid/"),
        ("demo-grid", "/grid/households/"),
        ("demo-grid", f"/grid/households/?q={f['name']}"),
        ("demo-grid", "/appeals/worklist/"),
        ("demo-grid", "api:/api/v1/due-visits/"),
        ("demo-grid", "api:/api/v1/households/"),
        ("demo-grid", "api:/api/v1/visits/"),
        ("demo-grid", "api:/api/v1/appeals/"),
        ("demo-community", "/"),
        ("demo-community", "/me/dashboard/"),
        ("demo-community", "/grid/coverage/"),
        ("demo-community", f"/grid/households/?q={f['name']}"),
        ("demo-community", "/appeals/worklist/"),
        ("demo-community", "/spaces/manage/figures/"),
        ("demo-community", "/spaces/manage/bookings/"),
        ("demo-community", "/services/figures/"),
        ("demo-community", "api:/api/v1/appeals/"),
        ("demo-community", "api:/api/v1/bookings/"),
        ("demo-community", "api:/api/v1/service-requests/"),
        ("demo-street", "/"),
        ("demo-street", "/me/dashboard/"),
        ("demo-street", "/me/dashboard/export.csv"),
        ("demo-street", "/appeals/worklist/"),
        ("demo-street", "/spaces/manage/figures/"),
        ("demo-street", "/grid/coverage/"),
        ("demo-street", "api:/api/v1/appeals/"),
    ]


# --- the server ------------------------------------------------------------------------
def server_env(f: dict, port: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_ENV": "production", "DEBUG": "false", "BENCH": "1",
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-" + "x" * 50,
        "FIELD_ENCRYPTION_KEYS": f["keys"], "LOOKUP_HASH_KEY": f["lookup_key"],
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60", "LOG_LEVEL": "ERROR",  # refusals (409) are expected in the write paths
        # The bench submits more appeals than a resident may in an hour.
        "APPEAL_SUBMIT_RATE": "1000000/h",
    })
    # The database settings docker-compose.yml gives the production server, for this client's sessions.
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c random_page_cost=1.1 -c effective_io_concurrency=200".strip()
    broker = bench_redis()
    if broker:  # production shape: cache and broker in Redis, deliveries published, not sent in the request
        env["REDIS_URL"] = broker
    return env


def bench_redis() -> str:
    """BENCH_REDIS_URL (default db 11 of the local Redis) when it answers, emptied first: the writes queue
    deliveries there that no worker takes. Without Redis the server runs Celery eagerly, so each write
    also sends its notifications inside the request (slower than production; the report says which)."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        return url
    except Exception:  # noqa: BLE001 - no Redis is a supported way to run the bench
        return ""


def start_server(env: dict, port: int) -> subprocess.Popen:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "taijiang.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 500:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


# --- clients -----------------------------------------------------------------------------
async def login(base: str, username: str) -> dict:
    """Headers for a logged-in session and for the API token of `username`.

    Production cookies are Secure and this is plain HTTP on loopback, so cookies are carried by hand.
    """
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        page = await client.get("/accounts/login/")
        csrf = page.cookies.get("csrftoken") or ""
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = await client.post(
            "/accounts/login/", data={"username": username, "password": PASSWORD,
                                      "csrfmiddlewaretoken": match.group(1) if match else ""},
            headers={"Cookie": f"csrftoken={csrf}", "Referer": f"{base}/accounts/login/"})
        session = response.cookies.get("sessionid")
        if not session:
            raise SystemExit(f"login of {username} failed ({response.status_code})")
        token_response = await client.post("/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
        token = token_response.json().get("token") if token_response.status_code == 200 else None
    return {"page": {"Cookie": f"sessionid={session}"},
            "api": {"Authorization": f"Token {token}"} if token else {"Cookie": f"sessionid={session}"}}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def measure(client: httpx.AsyncClient, method: str, path: str, headers: dict, *, requests: int,
                  concurrency: int, seconds: float, body=None) -> dict:
    latencies, queries, statuses = [], [], {}
    counter = iter(range(requests))

    async def worker():
        for n in counter:
            if time.monotonic() > deadline:
                return
            payload = body(n) if callable(body) else body
            started = time.perf_counter()
            try:
                response = await client.request(method, path, headers=headers, json=payload)
            except httpx.HTTPError as exc:  # a timeout is a result too: counted, and the run goes on
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if "X-Bench-Queries" in response.headers:
                queries.append(int(response.headers["X-Bench-Queries"]))

    for _ in range(min(3, requests)):  # warm-up: templates, connections, caches
        payload = body(-1) if callable(body) else body
        if method == "GET":
            try:
                await client.request(method, path, headers=headers, json=payload)
            except httpx.HTTPError:
                break
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "queries": round(statistics.mean(queries), 1) if queries else None,
        "queries_max": max(queries) if queries else None, "status": statuses,
    }


async def run(args, f: dict) -> dict:
    base = f"http://127.0.0.1:{args.port}"
    auth = {role: await login(base, role) for role in ROLES}
    auth["anonymous"] = auth["ceiling"] = {"page": {}, "api": {}}
    results = []
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits) as client:
        for role, path in paths(f):
            if args.only and args.only not in role and role != "ceiling":
                continue
            kind = "api" if path.startswith("api:") else "page"
            path = path.removeprefix("api:")
            row = await measure(client, "GET", path, auth[role][kind], requests=args.requests,
                                concurrency=args.concurrency, seconds=args.seconds)
            results.append({"role": role, "path": path, "kind": kind, **row})
            print_row(results[-1], results[0]["rps"])
        if not args.no_writes:
            for row in await writes(client, auth, f, args):
                results.append(row)
                print_row(row, results[0]["rps"])
    return {"results": results}


async def writes(client, auth, f: dict, args) -> list[dict]:
    """The writes users wait for; each path's status codes show refusals (409, 429) beside successes."""
    n = min(args.requests, 200)
    kw = {"requests": n, "concurrency": args.concurrency, "seconds": args.seconds}
    rows = []
    resident, window, grid = auth["demo-resident"]["api"], auth["demo-window"]["api"], auth["demo-grid"]["api"]
    rows.append({"role": "demo-resident", "path": "POST /api/v1/queue/tickets/", "kind": "write",
                 **await measure(client, "POST", "/api/v1/queue/tickets/", resident, body={"centre": f["centre"]},
                                 **kw)})
    await client.post(f"/api/v1/queue/windows/{f['window']}/open/", headers=window)
    # The window may still hold a ticket (the demo leaves one being served): finish it first.
    for state in ("called", "serving"):
        held = await client.get(f"/api/v1/queue/tickets/?window={f['window']}&status={state}", headers=window)
        for ticket in (held.json().get("results", []) if held.status_code == 200 else []):
            if state == "called":
                await client.post(f"/api/v1/queue/tickets/{ticket['id']}/serve/", headers=window,
                                  json={"window": f["window"]})
            await client.post(f"/api/v1/queue/tickets/{ticket['id']}/complete/", headers=window,
                              json={"window": f["window"]})

    async def call_and_complete():
        response = await client.post(f"/api/v1/queue/windows/{f['window']}/call-next/", headers=window)
        if response.status_code == 200:
            ticket = response.json()["id"]
            await client.post(f"/api/v1/queue/tickets/{ticket}/serve/", headers=window, json={"window": f["window"]})
            return await client.post(f"/api/v1/queue/tickets/{ticket}/complete/", headers=window,
                                     json={"window": f["window"]})
        return response

    latencies, statuses = [], {}
    started = time.perf_counter()
    for _ in range(n):  # one window: call-next is serial by nature
        t0 = time.perf_counter()
        response = await call_and_complete()
        latencies.append((time.perf_counter() - t0) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code == 204 or time.perf_counter() - started > args.seconds:
            break
    elapsed = time.perf_counter() - started
    rows.append({"role": "demo-window", "path": "POST call-next + serve + complete", "kind": "write",
                 "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1),
                 "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
                 "p99_ms": round(percentile(latencies, 99), 1), "queries": None, "queries_max": None,
                 "status": statuses})

    # Distinct 30-minute slots in the room's general-use slice (weekdays 16:00–17:30, after the
    # seeded afternoon sessions), over the next four weeks; each is a race between the clients.
    days = [datetime.date.today() + datetime.timedelta(days=d) for d in range(2, 29)]
    slots = [datetime.datetime.combine(day, datetime.time(16, 0)) + datetime.timedelta(minutes=30 * k)
             for day in days if day.weekday() < 5 for k in range(3)]

    def booking(k):
        start = slots[max(k, 0) // 2 % len(slots)]  # two clients per slot: one wins, one gets 409
        end = start + datetime.timedelta(minutes=30)
        return {"room": f["room"], "start": start.isoformat(), "end": end.isoformat(), "purpose": "general",
                "title": "压测预约", "attendees": 2}

    rows.append({"role": "demo-community", "path": "POST /api/v1/bookings/", "kind": "write",
                 **await measure(client, "POST", "/api/v1/bookings/", auth["demo-community"]["api"],
                                 body=booking, **kw)})
    rows.append({"role": "demo-resident", "path": "POST /api/v1/appeals/", "kind": "write",
                 **await measure(client, "POST", "/api/v1/appeals/", resident,
                                 body={"text": "压测：楼道灯不亮", "category": f["category"]}, **kw)})
    households = f["households"] or [f["household"]]
    rows.append({"role": "demo-grid", "path": "POST /api/v1/visits/", "kind": "write",
                 **await measure(client, "POST", "/api/v1/visits/", grid,
                                 body=lambda k: {"household": households[k % len(households)],
                                                 "client_uuid": str(uuid.uuid4())}, **kw)})
    return rows


def print_row(row: dict, ceiling_rps: float) -> None:
    ratio = row["rps"] / ceiling_rps if ceiling_rps else 0
    queries = "" if row["queries"] is None else f"{row['queries']:g}"
    status = ",".join(f"{k}×{v}" for k, v in sorted(row["status"].items(), key=str))
    print(f"{row['role'][:14]:14} {row['path'][:48]:48} {row['rps']:7.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
          f"{row['p99_ms']:8.1f} {queries:>6} {ratio:6.2f}  {status}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 100)))
    # Four clients on two workers: enough to keep both busy without queueing for seconds.
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as failed")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765)))
    parser.add_argument("--only", default="", help="only the roles whose name contains this")
    parser.add_argument("--no-writes", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--budgets", default="", help="JSON of the most queries each path may take: exit 1 "
                        "when a path takes more, answers 5xx or fails (CI, docs/performance.md)")
    parser.add_argument("--write-budgets", default="", help="write this run's queries per path as budgets")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("make bench needs DATABASE_URL=postgres://… of a database loaded with "
                         "`manage.py seed_demo --scale district` (see docs/performance.md)")
    django_setup()
    f = fixtures()
    env = server_env(f, args.port)
    load_before = os.getloadavg()
    server = start_server(env, args.port)
    print(f"{'role':14} {'path':48} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'q/req':>6} "
          f"{'×ceil':>6}  status", flush=True)
    try:
        report = asyncio.run(run(args, f))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report.update({
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(), "workers": 2, "requests": args.requests, "concurrency": args.concurrency,
        "broker": env.get("REDIS_URL") or "none (Celery eager: notifications sent inside the write requests)",
        "note": "shared machine: compare runs only with the load average beside them",
    })
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"load average before {report['load_average_before']} after {report['load_average_after']}; "
          f"written {output}")
    if args.write_budgets:
        Path(args.write_budgets).write_text(json.dumps(
            {key(row): row["queries_max"] for row in report["results"] if row["queries_max"] is not None},
            ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        print(f"query budgets written to {args.write_budgets}")
    if args.budgets:
        problems = over_budget(report["results"], json.loads(Path(args.budgets).read_text()))
        for problem in problems:
            print("BUDGET:", problem)
        if problems:
            raise SystemExit(1)
        print(f"every path within its query budget ({args.budgets}), no 5xx, no failed request")


def key(row: dict) -> str:
    """The budget's name of a path: values that depend on the day or the data (a searched name, today's
    date) are left out, so the same budgets hold on every database and every day."""
    path = re.sub(r"(?<=[?&])(q|service_date)=[^&]*", r"\1=…", row["path"])
    return f"{row['role']} {path}"


def _failed(row: dict, code: str) -> bool:
    """A status is an HTTP code, or the name of the exception of a request that failed (a timeout).
    A read must answer 2xx: a redirect to the login page or a refusal would pass with fewer queries; only
    a page number past the last may be a 404 on a smaller database. Writes may be refused (409 for the
    loser of a race)."""
    if not code.isdigit() or code[0] == "5":
        return True
    paged_past_the_end = code == "404" and "page=" in row["path"]
    return row["kind"] != "write" and code[0] != "2" and not paged_past_the_end


def over_budget(results: list[dict], budgets: dict) -> list[str]:
    """What breaks the budgets: more queries than budgeted (query counts must not grow with the data:
    the budgets are counted on the district database and checked on the street one), a server error,
    a request that failed. Never a time: CI machines differ."""
    problems = []
    for row in results:
        name = key(row)
        budget = budgets.get(name)
        if row["queries_max"] is not None and budget is not None and row["queries_max"] > budget:
            problems.append(f"{name}: {row['queries_max']} queries, budget {budget}")
        if row["queries_max"] is not None and budget is None and row["kind"] != "write":
            problems.append(f"{name}: no budget (add it with --write-budgets on the district database)")
        if row["queries_max"] is None and budget is not None:
            problems.append(f"{name}: no query count came back (X-Bench-Queries missing)")
        errors = {code: n for code, n in row["status"].items() if _failed(row, str(code))}
        if errors:
            problems.append(f"{name}: {errors}")
    return problems


if __name__ == "__main__":
    main()
