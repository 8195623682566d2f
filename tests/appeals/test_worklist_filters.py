"""Issue #15.7: the worklist searches and filters by status, category, level, overdue and grid, shows the
first line of each case, and is a list of cards on a phone."""

import re

import pytest
from django.urls import reverse

from appeals.models import Appeal

from .conftest import submit

pytestmark = pytest.mark.django_db


def _numbers(response) -> set[str]:
    """The tracking numbers on the phone cards (each card names its case in <strong>)."""
    cards = response.content.decode().split('id="worklist-cards"', 1)[1].split('class="table-responsive', 1)[0]
    return set(re.findall(r"<strong>(YSS-[0-9-]+)</strong>", cards))


@pytest.fixture
def cases(people, categories, territory):
    lamp = submit(people["resident"], category=categories["noise"], text="楼下夜里施工太吵\n第二行")
    other = submit(people["neighbour"], category=categories["noise"], text="路灯坏了")
    Appeal.objects.filter(pk=other.pk).update(is_overdue=True)
    return {"noise": lamp, "lamp": other}


def test_search_by_words_of_the_text_or_the_number(client, people, cases):
    client.force_login(people["worker_g1"])
    assert _numbers(client.get(reverse("appeals:worklist"), {"q": "施工"})) == {cases["noise"].number}
    assert _numbers(client.get(reverse("appeals:worklist"), {"q": cases["lamp"].number.lower()})) == {
        cases["lamp"].number}


def test_overdue_and_status_and_category_filters(client, people, cases, categories):
    client.force_login(people["worker_g1"])
    assert _numbers(client.get(reverse("appeals:worklist"), {"overdue": "1"})) == {cases["lamp"].number}
    assert _numbers(client.get(reverse("appeals:worklist"), {"status": "closed"})) == set()
    other = next(c for code, c in categories.items() if code != "noise")
    assert _numbers(client.get(reverse("appeals:worklist"), {"category": other.pk})) == set()


def test_level_filter_shows_that_levels_cases_in_scope(client, people, cases):
    Appeal.objects.filter(pk=cases["noise"].pk).update(level="community")
    client.force_login(people["admin_a1"])
    assert _numbers(client.get(reverse("appeals:worklist"), {"level": "grid"})) == {cases["lamp"].number}
    assert _numbers(client.get(reverse("appeals:worklist"), {"level": "community"})) == {cases["noise"].number}


def test_grid_filter_narrows_and_never_widens(client, people, cases, territory):
    client.force_login(people["admin_a1"])
    both = _numbers(client.get(reverse("appeals:worklist"), {"all": "1", "grid": territory["g1"].pk}))
    assert both == {cases["noise"].number, cases["lamp"].number}
    assert _numbers(client.get(reverse("appeals:worklist"), {"all": "1", "grid": territory["g2"].pk})) == set()
    client.force_login(people["admin_a2"])  # another community's admin: the grid id gives nothing
    assert _numbers(client.get(reverse("appeals:worklist"), {"all": "1", "grid": territory["g1"].pk})) == set()


@pytest.mark.parametrize("params", [{"q": "x" * 500}, {"level": "moon"}, {"grid": "abc"}, {"status": "<b>"},
                                    {"category": "-1"}])
def test_odd_filter_values_are_ignored_not_500(client, people, cases, params):
    client.force_login(people["worker_g1"])
    assert client.get(reverse("appeals:worklist"), params).status_code == 200


def test_each_case_shows_its_first_line_as_a_card_and_a_row(client, people, cases):
    client.force_login(people["worker_g1"])
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert 'id="worklist-cards"' in page and "楼下夜里施工太吵" in page
    assert 'id="worklist-filter"' in page and 'name="q"' in page
