import datetime

import pytest

from services import services
from services.catalogue_data import ITEMS
from services.demo import seed_catalogue
from services.models import AdmissionProposal, ApprovalStep, CatalogueVersion, ServiceItem
from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.workdays.models import CalendarDay
from tests.services.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_fixture_has_at_least_fifty_real_items_with_materials():
    assert len(ITEMS) >= 50
    seed_catalogue()
    assert ServiceItem.objects.filter(status="active").count() == len(ITEMS)
    assert ServiceItem.objects.get(code="mz-dibao").materials.count() == 5
    assert seed_catalogue() == 0  # idempotent


def test_publishing_freezes_a_version_and_activates_drafts(people):
    active = ItemFactory(name="高龄补贴")
    draft = ItemFactory(name="新事项", status="draft")
    v1 = services.catalogue_publish(actor=people["district"], note="首版")
    draft.refresh_from_db()
    assert draft.status == "active" and v1.number == 1 and v1.item_count == 2
    names = {row["name"] for row in v1.snapshot}
    assert names == {"高龄补贴", "新事项"}
    assert v1.snapshot[0]["materials"][0]["name"] == "居民身份证"
    active.name = "高龄津贴"
    active.save()
    v2 = services.catalogue_publish(actor=people["district"])
    v1.refresh_from_db()
    assert v2.number == 2 and "高龄补贴" in {row["name"] for row in v1.snapshot}  # old version unchanged
    assert CatalogueVersion.objects.count() == 2


@pytest.mark.parametrize("role", ["resident", "window", "community_admin", "grid_worker", "street_admin"])
def test_only_district_admins_publish_or_change_the_district_wide_catalogue(people, role):
    item = ItemFactory()
    with pytest.raises(NotAllowed) as exc:
        services.catalogue_publish(actor=people[role])
    assert "事项清单全区通用，只有区级管理员可以修改和发布" in str(exc.value.message)
    with pytest.raises(NotAllowed, match="只有区级管理员"):
        services.item_set_status(item=item, actor=people[role], status="suspended")
    assert not CatalogueVersion.objects.exists()


def test_suspending_twice_is_refused(people):
    item = ItemFactory()
    services.item_set_status(item=item, actor=people["district"], status="suspended")
    with pytest.raises(InvalidTransition):
        services.item_set_status(item=item, actor=people["district"], status="suspended")


def test_search_in_chinese_over_names_materials_and_groups(db):
    from services.selectors import public_items

    seed_catalogue()
    assert "mz-dibao" in set(public_items(query="低保").values_list("code", flat=True))
    assert public_items(query="残疾人证").filter(code="cl-new").exists()
    assert public_items(query="独生子女父母光荣证").filter(code="wj-jiangli").exists()  # by material
    assert set(public_items(group="veterans").values_list("group", flat=True)) == {"veterans"}
    assert public_items(query="退役军人").filter(group="veterans").count() >= 4  # by group label


@pytest.fixture
def steps(db):
    return [ApprovalStep.objects.create(order=1, label="社区代表意见", role="community_admin"),
            ApprovalStep.objects.create(order=2, label="区级审批", role="district_admin")]


def propose(people):
    return services.admission_propose(actor=people["street_admin"], title="垃圾分类督导", group="other",
                                      description="督导居民分类投放", reason="街道人手不足")


def test_admission_joins_the_list_only_after_every_step(people, steps):
    proposal = propose(people)
    services.admission_decide(proposal=proposal, actor=people["community_admin"], approved=True, reason="可以承接")
    proposal.refresh_from_db()
    assert proposal.status == "pending" and proposal.next_step == steps[1]
    assert not ServiceItem.objects.filter(admitted_via=proposal).exists()
    services.admission_decide(proposal=proposal, actor=people["district"], approved=True, reason="同意准入")
    proposal.refresh_from_db()
    assert proposal.status == "admitted" and proposal.decided_at
    item = ServiceItem.objects.get(admitted_via=proposal)
    assert item.name == "垃圾分类督导" and item.status == "draft"  # joins with the next publication
    assert [d.decided_by for d in proposal.decisions.all()] == [people["community_admin"], people["district"]]


def test_refusal_records_reason_and_ends(people, steps):
    proposal = propose(people)
    services.admission_decide(proposal=proposal, actor=people["community_admin"], approved=False, reason="无人承接")
    proposal.refresh_from_db()
    assert proposal.status == AdmissionProposal.Status.REFUSED
    assert proposal.decisions.get().reason == "无人承接"
    with pytest.raises(InvalidTransition):
        services.admission_decide(proposal=proposal, actor=people["district"], approved=True, reason="x")


def test_wrong_approver_and_missing_reason_are_refused(people, steps):
    proposal = propose(people)
    with pytest.raises(NotAllowed) as exc:
        services.admission_decide(proposal=proposal, actor=people["district"], approved=True, reason="先审")
    assert "社区代表意见" in str(exc.value.message)
    with pytest.raises(DomainError):
        services.admission_decide(proposal=proposal, actor=people["community_admin"], approved=True, reason=" ")


def test_only_street_admins_propose_and_steps_must_exist(people):
    with pytest.raises(DomainError) as exc:
        propose(people)
    assert "审批步骤" in str(exc.value.message)
    with pytest.raises(NotAllowed):
        services.admission_propose(actor=people["community_admin"], title="x", group="other", description="x",
                                   reason="x")


def test_holiday_calendar_editing_is_for_district_admins_only(people):
    day = datetime.date(2026, 12, 31)
    services.calendar_day_save(actor=people["district"], date=day, kind="holiday", name="测试")
    for role in ("window", "community_admin", "street_admin"):
        with pytest.raises(NotAllowed, match="只有区级管理员可以修改"):
            services.calendar_day_save(actor=people[role], date=day, kind="workday", name="调休")
        with pytest.raises(NotAllowed, match="只有区级管理员可以修改"):
            services.calendar_day_delete(actor=people[role], day=CalendarDay.objects.get(date=day))
    assert CalendarDay.objects.get(date=day).kind == "holiday"
