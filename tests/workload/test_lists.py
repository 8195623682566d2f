"""Published lists: numbered snapshots per community and for the district, frozen once published."""

import datetime

import pytest
from django.urls import reverse

from taijiang.core.exceptions import InvalidTransition, NotAllowed
from tests.workload.conftest import make_task
from workload import services
from workload.models import Disposition, ListEntry, ListVersion, TaskList

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(territory):
    return {
        "duty": make_task("T1", title="居民会议"),
        "a1_only": make_task("T2", task_list=TaskList.ASSISTING, title="甲一专项", communities=[territory["a1"]]),
        "negative": make_task("T3", task_list=TaskList.NEGATIVE, disposition=Disposition.ABOLISHED,
                              title="开具居住证明", until=datetime.date(2025, 7, 1)),
        "abolished": make_task("T4", disposition=Disposition.ABOLISHED, title="迎检资料",
                               until=datetime.date(2025, 7, 1)),
    }


def test_community_list_holds_its_tasks_and_the_negative_list(people, register, territory):
    version = services.task_list_publish(actor=people["street_a"], community=territory["a1"], note="首版")
    assert version.version == 1 and (version.duty_count, version.assisting_count, version.negative_count) == (1, 1, 1)
    assert [e.code for e in version.entries.all()] == ["T1", "T2", "T3"]
    other = services.task_list_publish(actor=people["street_a"], community=territory["a2"])
    assert [e.code for e in other.entries.all()] == ["T1", "T3"] and other.version == 1


def test_district_list_and_version_numbers(people, register):
    first = services.task_list_publish(actor=people["district"])
    second = services.task_list_publish(actor=people["district"])
    assert (first.version, second.version) == (1, 2)
    assert [e.code for e in first.entries.all()] == ["T1", "T3"]


def test_published_list_is_immutable(people, register, territory):
    version = services.task_list_publish(actor=people["district"], community=territory["a1"])
    entry = version.entries.first()
    entry.title = "改过的标题"
    with pytest.raises(InvalidTransition):
        entry.save()
    version.note = "改"
    with pytest.raises(InvalidTransition):
        version.save()
    with pytest.raises(InvalidTransition):
        version.delete()
    with pytest.raises(InvalidTransition):
        entry.delete()
    assert ListEntry.objects.get(pk=entry.pk).title == "居民会议"


def test_later_changes_to_the_register_do_not_change_a_published_list(people, register, territory):
    version = services.task_list_publish(actor=people["district"], community=territory["a1"])
    services.task_dispose(task=register["duty"], actor=people["district"], disposition=Disposition.RETURNED)
    register["a1_only"].title = "新名称"
    register["a1_only"].save()
    assert [e.title for e in ListVersion.objects.get(pk=version.pk).entries.all()] == ["居民会议", "甲一专项",
                                                                                     "开具居住证明"]
    newer = services.task_list_publish(actor=people["district"], community=territory["a1"])
    assert [e.code for e in newer.entries.all()] == ["T2", "T3"] and newer.version == 2


def test_who_publishes(people, territory):
    for who, community, message in (
        ("street_a", None, "只有区级管理员可以发布全区清单。"),
        ("street_a", "b1", "社区清单由所在街道或区级管理员发布。"),
        ("community_a1", "a1", "社区清单由所在街道或区级管理员发布。"),
        ("cg", "a1", "社区清单由所在街道或区级管理员发布。"),
    ):
        with pytest.raises(NotAllowed) as exc:
            services.task_list_publish(actor=people[who], community=territory[community] if community else None)
        assert str(exc.value.message) == message


def test_publish_page_and_printable_list(client, people, register, territory):
    client.force_login(people["street_a"])
    response = client.post(reverse("workload:lists"), {"community": territory["a1"].pk, "note": "首版"})
    version = ListVersion.objects.get()
    assert response.status_code == 302 and response.url == reverse("workload:list_detail", args=[version.pk])
    page = client.get(response.url).content.decode()
    assert "甲一社区工作事项清单" in page and "第 1 版" in page and "workload/print.css" in page and "甲一专项" in page
    assert "社区承担事项共 2 项（原 145 项）" in page
    client.force_login(people["community_b1"])
    assert client.get(response.url).status_code == 404
    response = client.post(reverse("workload:lists"), {"community": territory["b1"].pk})
    assert response.status_code == 403


def test_publish_form_refuses_another_streets_community(client, people, territory):
    client.force_login(people["street_a"])
    response = client.post(reverse("workload:lists"), {"community": territory["b1"].pk})
    assert response.status_code == 400 and not ListVersion.objects.exists()
