import pytest
from django.test import override_settings

from tests import factories

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_unknown_url_gets_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "您要找的页面不存在" in response.content.decode()


@pytest.mark.parametrize("path", ["/no-such-page/", "/grid/households/999999/"])
def test_with_debug_on_as_make_run_serves_it_the_404_is_still_the_portals_own(client, settings, path):
    """Issue #15.11: Django's English technical page (every URL pattern listed) never reaches users."""
    settings.DEBUG = True
    client.force_login(factories.community_admin(factories.CommunityFactory()))
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "您要找的页面不存在" in page and "URLconf" not in page and "NOARCHIVE" not in page


def test_favicon_leads_to_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/img/favicon.svg")


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


def test_elder_mode_is_switched_per_device_and_returns_to_the_page(client):
    response = client.post("/prefs/elder/", {"on": "1", "next": "/services/?q=低保"})
    assert response.status_code == 302 and response["Location"] == "/services/?q=%E4%BD%8E%E4%BF%9D"
    assert response.cookies["tj_elder"].value == "1" and response.cookies["tj_elder"]["httponly"]
    assert '<html lang="zh-hans" class="elder">' in client.get("/").content.decode()
    response = client.post("/prefs/elder/", {"on": "0", "next": "/"})
    assert response.cookies["tj_elder"].value == ""  # deleted
    assert 'class="elder"' not in client.get("/").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "²", ""])
def test_elder_mode_never_redirects_off_the_site(client, next_url):
    response = client.post("/prefs/elder/", {"on": "1", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_elder_mode_is_a_post(client):
    assert client.get("/prefs/elder/").status_code == 405


def test_date_pickers_carry_iso_values_the_browser_accepts():
    """zh-hans renders dates as 2026/12/04, which <input type=date> shows as empty (and saving a form
    would then blank the date, e.g. a resident's birth date)."""
    import datetime

    from django.utils import translation

    from taijiang.core.forms import DateInput

    with translation.override("zh-hans"):
        html = DateInput().render("d", datetime.date(2026, 12, 4))
    assert 'type="date"' in html and 'value="2026-12-04"' in html
