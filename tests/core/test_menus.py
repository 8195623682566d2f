"""Issue #15.6: staff menus grouped by job (服务 / 网格 / 诉求 / 空间 / 管理), the current job highlighted;
residents keep a flat menu."""

import re

import pytest
from django.urls import reverse

from taijiang.core.portal import NavItem, current_item, nav_items_for, nav_sections
from tests import factories

pytestmark = pytest.mark.django_db


def _toggles(html: str) -> list[str]:
    return re.findall(r'data-bs-toggle="dropdown"[^>]*>([^<]+)</button>', html)


def test_a_community_admin_sees_the_jobs_as_groups_and_the_current_one_marked(client, territory):
    client.force_login(factories.community_admin(territory["a1"]))
    html = client.get(reverse("grid:coverage")).content.decode()
    assert _toggles(html) == ["服务", "网格", "诉求", "空间", "管理"]
    active = re.findall(r'class="nav-link dropdown-toggle btn btn-link active fw-bold"[^>]*>([^<]+)</button>', html)
    assert active == ["网格"]
    assert f'href="{reverse("grid:coverage")}" aria-current="page"' in html
    # every item is still one click from the menu: the groups hold the same links as before
    for item in nav_items_for(factories.community_admin(territory["a1"])):
        assert f'href="{item.url}"' in html


def test_a_resident_keeps_a_flat_menu(client, territory):
    client.force_login(factories.resident(community=territory["a1"]))
    html = client.get(reverse("home")).content.decode()
    assert _toggles(html) == []
    assert f'href="{reverse("services:catalogue")}"' in html


def test_the_longest_matching_menu_url_is_the_current_page():
    items = [NavItem(label="待走访", url_name="grid:due", roles=frozenset()),
             NavItem(label="记走访", url_name="grid:visit_create", roles=frozenset())]
    assert current_item(items, "/grid/visits/new/").label == "记走访"
    assert current_item(items, "/grid/households/").label == "待走访"  # under /grid/
    assert current_item(items, "/appeals/") is None


def test_an_item_without_a_known_group_lands_under_management():
    item = NavItem(label="x", url_name="grid:due", roles=frozenset(), section="nowhere")
    (section,) = nav_sections([item], current=item)
    assert section.key == "admin" and section.active
