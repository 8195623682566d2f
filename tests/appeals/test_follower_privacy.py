"""A follower (whose own duplicate was merged) never sees the other resident's own entries."""

import pytest
from django.urls import reverse

from appeals import services

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_follower_does_not_see_the_other_residents_added_info_rating_or_reopen_reason(people, categories, client):
    worker = people["worker_g1"]
    main = submit(people["resident"], category=categories["noise"], text="楼上装修太吵")
    dup = submit(people["neighbour"], category=categories["noise"], text="装修吵")
    services.appeal_merge(appeal=dup, into=main, actor=worker)
    services.appeal_request_info(appeal=main, actor=worker, text="请说明具体楼层")
    services.appeal_add_info(appeal=main, actor=people["resident"], text="我住5单元602，电话13912345678")
    services.appeal_accept(appeal=main, actor=worker)
    services.appeal_reply(appeal=main, actor=worker, text="已联系施工方控制时间", resolve=True)
    services.appeal_rate(appeal=main, actor=people["resident"], rating=2, comment="邻居林某某还在吵")
    services.appeal_reopen(appeal=main, actor=people["resident"], reason="我家老人晚上睡不着")
    client.force_login(people["neighbour"])
    html = client.get(reverse("appeals:detail", args=[main.pk])).content.decode()
    assert "已联系施工方控制时间" in html and "请说明具体楼层" in html  # staff answers are followed
    for private in ("602", "13912345678", "林某某", "老人晚上睡不着"):
        assert private not in html
    client.force_login(people["resident"])  # the owner still sees all of it
    html = client.get(reverse("appeals:detail", args=[main.pk])).content.decode()
    assert "13912345678" in html and "林某某" in html and "老人晚上睡不着" in html
