"""Every file URL in an API answer opens with the API's own token (issue #11), with the checks of
the record it belongs to: on the demo, a resident files an appeal with photos and a material, a
grid worker logs a visit with a photo, then every role downloads every file URL it is given."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from taijiang.users.models import User

from .files import image_bytes, make_pdf

pytestmark = pytest.mark.django_db

ROLES = ["demo-resident", "demo-window", "demo-grid", "demo-community", "demo-street"]


def token_client(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": "taijiang-demo"},
                           format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def photo(name="p.jpg"):
    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


@pytest.fixture
def files_on_demo(demo_data):
    """A resident's appeal with two photos and a request with one material; a visit with a photo."""
    resident = token_client("demo-resident")
    appeal = resident.post("/api/v1/appeals/", {"text": "楼道灯坏了，晚上很黑。", "photos": [photo("a.jpg"), photo("b.jpg")],
                                                "category": "", "address": "福祥社区 3 号楼"}, format="multipart")
    assert appeal.status_code == 201, appeal.content
    item = next(row for row in resident.get("/api/v1/catalogue/items/", {"online": "true"}).json()["results"])
    request = resident.post("/api/v1/service-requests/", {"item": item["code"], "description": "材料见附件"},
                            format="json")
    assert request.status_code == 201, request.content
    upload = SimpleUploadedFile("证明.pdf", make_pdf(), content_type="application/pdf")
    material = resident.post(f"/api/v1/service-requests/{request.json()['id']}/materials/", {"file": upload},
                             format="multipart")
    assert material.status_code == 201, material.content

    grid = token_client("demo-grid")
    household = grid.get("/api/v1/households/").json()["results"][0]
    visit = grid.post("/api/v1/visits/", {"household": household["id"], "kind": "home", "outcome": "met",
                                          "note": "门口照片", "photo": photo()}, format="multipart")
    assert visit.status_code == 201, visit.content
    return {"appeal": appeal.json(), "request": material.json(), "visit": visit.json()}


def file_urls(client: APIClient) -> set[str]:
    """Every file URL this account is given by the API's lists and details."""
    urls = set()
    for row in client.get("/api/v1/appeals/").json().get("results", []):
        urls.update(client.get(f"/api/v1/appeals/{row['id']}/").json()["photos"])
    visits = client.get("/api/v1/visits/")
    if visits.status_code == 200:
        urls.update(row["photo_url"] for row in visits.json()["results"] if row["photo_url"])
    for row in client.get("/api/v1/service-requests/").json().get("results", []):
        urls.update(a["url"] for a in row["attachments"])
    return urls


def test_every_role_downloads_every_file_url_it_is_given_with_its_token(files_on_demo):
    made = {*files_on_demo["appeal"]["photos"], files_on_demo["visit"]["photo_url"],
            files_on_demo["request"]["attachments"][0]["url"]}
    assert len(made) == 4 and all(made)
    seen = {}
    for username in ROLES:
        client = token_client(username)
        seen[username] = file_urls(client)
        for url in seen[username]:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            assert response["Content-Type"] in ("image/jpeg", "application/pdf")
            assert response["Cache-Control"] == "private, no-store"
    # Each file reached the accounts whose work it is (not only its owner).
    assert set(files_on_demo["appeal"]["photos"]) <= seen["demo-resident"] & seen["demo-community"]
    assert files_on_demo["visit"]["photo_url"] in seen["demo-grid"]
    assert files_on_demo["request"]["attachments"][0]["url"] in seen["demo-resident"] & seen["demo-window"]


def test_a_file_url_from_the_answer_itself_opens_with_the_same_token(files_on_demo):
    client = token_client("demo-resident")
    detail = client.get(f"/api/v1/appeals/{files_on_demo['appeal']['id']}/").json()
    assert detail["photos"] == files_on_demo["appeal"]["photos"]
    assert client.get(detail["photos"][0]).status_code == 200


def test_another_accounts_token_is_refused_like_its_session(files_on_demo, client):
    made = [*files_on_demo["appeal"]["photos"], files_on_demo["visit"]["photo_url"],
            files_on_demo["request"]["attachments"][0]["url"]]
    stranger = User.objects.create_user("other-resident", password="taijiang-demo", role="resident")
    department = token_client("demo-department")
    other = token_client(stranger.username)
    for url in made:
        assert other.get(url).status_code in (403, 404), url
        assert department.get(url).status_code in (403, 404), url
    # The same refusals as the same account's session on the page.
    client.force_login(stranger)
    assert [client.get(url).status_code for url in made] == [other.get(url).status_code for url in made]


def test_a_bad_or_missing_token_is_the_apis_401_not_a_file(files_on_demo):
    url = files_on_demo["appeal"]["photos"][0]
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = bad.get(url)
    assert response.status_code == 401 and response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().get(url).status_code in (302, 404)  # no credentials at all: never the file


def test_a_logged_out_token_no_longer_opens_files(files_on_demo):
    client = token_client("demo-resident")
    url = files_on_demo["appeal"]["photos"][0]
    assert client.get(url).status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get(url).status_code == 401
