"""The demo: the 145 baseline reduced to a published list per community, two applications in progress,
one refusal, ledgers, and the department liaison's pages."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grid.models import Community
from taijiang.core.portal import nav_items_for
from workload.models import Application, Ledger, ListVersion, Refusal, Task

pytestmark = pytest.mark.django_db


def test_demo_shows_the_reform(demo_data, client):
    assert Task.objects.filter(baseline_number__isnull=False).count() == 145
    communities = Community.objects.count()
    assert ListVersion.objects.filter(community__isnull=False).values("community").distinct().count() == communities
    fuxiang = ListVersion.objects.get(community__code="fuxiang", version=1)
    assert 0 < fuxiang.carried_count < 145
    assert Application.objects.filter(status__in=("submitted", "reviewed")).count() == 2
    assert Refusal.objects.filter(status="refused").count() == 1
    assert Ledger.objects.filter(community__code="fuxiang").count() > Ledger.objects.filter(
        community__code="fuxiang", status="kept").count()
    User = get_user_model()
    liaison = User.objects.get(username="demo-department")
    assert liaison.check_password("taijiang-demo") and liaison.role == "department"
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)  # idempotent
    assert Application.objects.count() == 3 and ListVersion.objects.filter(community=fuxiang.community).count() == 1


def test_every_navigation_link_of_the_new_accounts_opens(demo_data, client):
    User = get_user_model()
    for username in ("demo-department", "demo-district", "demo-street", "demo-community"):
        user = User.objects.get(username=username)
        client.force_login(user)
        assert client.get("/").status_code == 200
        for item in nav_items_for(user):
            assert client.get(item.url).status_code == 200, (username, item.url)
    client.force_login(User.objects.get(username="demo-department"))
    home = client.get("/").content.decode()
    assert "我部门审核中的准入申请" in home
    applications = client.get(reverse("workload:applications")).content.decode()
    assert "背街小巷环境卫生每周巡查" in applications
