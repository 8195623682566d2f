"""Refusals on the register pages use the shared 403 page and say why."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _names(response):
    return [t.name for t in response.templates]


@pytest.mark.parametrize(("who", "url_name", "message"), [
    ("window", "grid:due", "窗口人员不能查看住户档案"),
    ("resident_user", "grid:household_list", "住户档案仅供网格员和社区管理员使用"),
    ("street_a", "grid:household_create", "您没有修改住户档案的权限"),
    ("street_a", "grid:visit_create", "只有网格员和社区管理员可以登记走访"),
    ("worker1", "grid:policy", "只有社区管理员可以修改本社区的走访频次"),
    ("worker1", "grid:import_upload", "只有社区管理员可以导入住户档案"),
])
def test_refusals_use_the_shared_403_page_with_the_reason(client, reg, who, url_name, message):
    client.force_login(reg[who])
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "errors/403.html" in _names(response) and "grid/forbidden.html" not in _names(response)
    assert message in response.content.decode()
