"""The shared pages on the demo data: each role's home gathers every app's work, and “我的”
shows a resident everything of theirs and nothing of anyone else's."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_data):
    return {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}


def _card_titles(response):
    return [str(card.title) for card in response.context["cards"]]


def test_grid_worker_home_has_due_visits_appeals_and_proxy_tasks(client, seeded):
    client.force_login(seeded["demo-grid"])
    titles = _card_titles(client.get("/"))
    assert "今日应访" in titles  # grid
    assert "本网格待办诉求" in titles  # appeals routed to my grid
    assert "我的代办任务" in titles  # services proxy tasks


def test_window_staff_home_shows_the_queue_and_requests(client, seeded):
    client.force_login(seeded["demo-window"])
    titles = _card_titles(client.get("/"))
    assert {"等候中的号", "待预审的办件"} <= set(titles)


def test_resident_mine_page_gathers_every_app(client, seeded):
    client.force_login(seeded["demo-resident"])
    response = client.get("/me/mine/")
    titles = [str(section.title) for section in response.context["sections"]]
    assert {"我的诉求", "我的办件", "我的预约", "我的场地预约与活动报名"} <= set(titles)


def test_resident_mine_page_shows_nothing_of_another_resident(client, seeded):
    from tests import factories

    stranger = factories.resident()
    client.force_login(stranger)
    html = client.get("/me/mine/").content.decode()
    # The demo resident's request numbers start with FW; a stranger has none of them.
    assert "FW2" not in html and "YSS-" not in html


def test_every_navigation_link_of_every_role_opens(client, seeded):
    for username in ("demo-resident", "demo-window", "demo-grid", "demo-community", "demo-street"):
        client.force_login(seeded[username])
        home = client.get("/")
        assert home.context["nav_items"], username
        for item in home.context["nav_items"]:
            response = client.get(item.url)
            assert response.status_code == 200, f"{username}: {item.url} answered {response.status_code}"
