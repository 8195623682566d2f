"""CI smoke: a resident gets an API token and files an appeal against a running server.

    python scripts/smoke_appeal.py http://127.0.0.1:8766

Run with the same environment as the server (it writes the resident and reads the appeal back
through the ORM). .ci/run uses it with the cache and broker pointed at a dead port: the appeal
must be answered 201 and be in the database, its notification waiting in the outbox.
Exits non-zero, saying why, on any failure.
"""

import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taijiang.settings")

import django  # noqa: E402

django.setup()

from grid.models import Building, Community, Grid, Street  # noqa: E402
from taijiang.users.models import Role, User  # noqa: E402

PASSWORD = f"smoke-{uuid.uuid4().hex}"


def post(base: str, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    # The reverse proxy terminates TLS and says so; without it production redirects to https.
    headers = {"Content-Type": "application/json", "X-Forwarded-Proto": "https"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {"body": exc.read().decode(errors="replace")[:500]}


def main(base: str) -> int:
    street, _ = Street.objects.get_or_create(code="smoke-street", defaults={"name": "冒烟街道"})
    community, _ = Community.objects.get_or_create(code="smoke-community", defaults={"street": street,
                                                                                      "name": "冒烟社区"})
    grid, _ = Grid.objects.get_or_create(code="smoke-grid", defaults={"community": community, "name": "冒烟网格"})
    building, _ = Building.objects.get_or_create(grid=grid, name="1号楼", defaults={"address": "台江区冒烟路1号"})
    resident = User.objects.filter(username="smoke-resident").first() or User(username="smoke-resident")
    resident.role, resident.display_name, resident.phone = Role.RESIDENT, "冒烟测试", "13900009999"
    resident.community, resident.building = community, building
    resident.set_password(PASSWORD)
    resident.save()

    status, body = post(base, "/api/v1/auth/token/", {"username": "smoke-resident", "password": PASSWORD})
    if status != 200 or not body.get("token"):
        print(f"token request answered {status}: {body}", file=sys.stderr)
        return 1
    text = f"冒烟测试 {uuid.uuid4().hex[:8]}：楼道灯不亮"
    status, body = post(base, "/api/v1/appeals/", {"text": text}, token=body["token"])
    if status != 201:
        print(f"appeal answered {status}: {body}", file=sys.stderr)
        return 1
    from appeals.models import Appeal
    from taijiang.notifications.models import Delivery

    appeal = Appeal.objects.filter(number=body.get("number"), submitter=resident, text=text).first()
    if appeal is None:
        print(f"appeal {body.get('number')} answered 201 but is not in the database", file=sys.stderr)
        return 1
    waiting = Delivery.objects.filter(notification__recipient=resident, status=Delivery.Status.PENDING).count()
    print(f"appeal {appeal.number} filed and stored; {waiting} notification(s) waiting in the outbox")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8766"))
