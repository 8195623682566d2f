import pytest
from django.test import override_settings

from tests import factories

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_unknown_url_gets_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "您要找的页面不存在" in response.content.decode()


@override_settings(DEBUG=False)
def test_unknown_api_url_gets_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_language_switch_serves_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/accounts/login/")
    assert "Log in" in response.content.decode() or "Login" in response.content.decode()


def test_pages_use_only_vendored_assets(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_api_docs_and_schema_are_served_locally(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs and "https://" not in docs


def test_every_role_home_renders(client, territory):
    for user in (factories.resident(), factories.window_staff(territory["a1"]), factories.grid_worker(territory["g1"]),
                 factories.community_admin(territory["a1"]), factories.street_admin(territory["street_a"])):
        client.force_login(user)
        assert client.get("/").status_code == 200, user.role
        assert client.get("/me/mine/").status_code == 200


def test_seed_demo_is_idempotent_and_refuses_without_debug(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = get_user_model().objects.count()
    call_command("seed_demo", verbosity=0)
    assert get_user_model().objects.count() == counts
    for username in ("demo-resident", "demo-window", "demo-grid", "demo-community", "demo-street"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password("taijiang-demo")
        assert (user.community or user.street).name in ("福祥社区", "后洲街道")
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
