import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from appeals import services
from appeals.models import Appeal, AppealEvent, Level
from appeals.selectors import suggested_duplicates
from appeals.workflow import APPEAL_FLOW, Status
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification

from .conftest import submit

pytestmark = pytest.mark.django_db


def _resolve(appeal, worker, text="已清理完毕"):
    services.appeal_accept(appeal=appeal, actor=worker)
    return services.appeal_reply(appeal=appeal, actor=worker, text=text, resolve=True)


def test_full_journey_to_a_rating_writes_every_step(appeal, people):
    worker = people["worker_g1"]
    services.appeal_accept(appeal=appeal, actor=worker)
    services.appeal_start(appeal=appeal, actor=worker)
    services.appeal_reply(appeal=appeal, actor=worker, text="已联系保洁，今天下午清理", resolve=False)
    services.appeal_reply(appeal=appeal, actor=worker, text="已清理完毕", resolve=True)
    closed = services.appeal_rate(appeal=appeal, actor=people["resident"], rating=5, comment="很及时")
    assert closed.status == Status.CLOSED and closed.rating == 5 and closed.first_reply_at and closed.resolved_at
    steps = list(closed.events.values_list("kind", "from_status", "to_status"))
    assert steps[0] == ("submitted", "", "submitted")
    assert ("transition", "submitted", "accepted") in steps and ("rated", "replied", "closed") in steps
    assert Notification.objects.filter(recipient=people["resident"], event="appeals.replied").count() == 2


ALL = [s.value for s in Status]
FORBIDDEN = [(a, b) for a, b in itertools.product(ALL, ALL) if not APPEAL_FLOW.can(a, b)]


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_every_forbidden_transition_is_refused(appeal, source, target, people):
    main = submit(people["neighbour"]) if source == Status.MERGED else None
    Appeal.objects.filter(pk=appeal.pk).update(status=source, merged_into=main)
    appeal.refresh_from_db()
    with pytest.raises(InvalidTransition) as info:
        services.appeal_transition(appeal=appeal, target=target, actor=people["district"])
    assert "不能从" in str(info.value.message)
    appeal.refresh_from_db()
    assert appeal.status == source


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.INFO_REQUESTED, Status.CLOSED, Status.MERGED,
                                    Status.DECLINED])
def test_reply_is_refused_unless_accepted_or_in_progress(appeal, people, status):
    main = submit(people["neighbour"]) if status == Status.MERGED else None
    Appeal.objects.filter(pk=appeal.pk).update(status=status, merged_into=main)
    with pytest.raises(InvalidTransition):
        services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="好的")


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.IN_PROGRESS, Status.REPLIED, Status.CLOSED])
def test_accepting_twice_or_late_is_refused(appeal, people, status):
    Appeal.objects.filter(pk=appeal.pk).update(status=status)
    with pytest.raises(InvalidTransition):
        services.appeal_accept(appeal=appeal, actor=people["worker_g1"])


def test_rating_before_the_reply_is_refused(appeal, people):
    with pytest.raises(InvalidTransition):
        services.appeal_rate(appeal=appeal, actor=people["resident"], rating=4)


def test_rating_twice_is_refused(appeal, people):
    _resolve(appeal, people["worker_g1"])
    services.appeal_rate(appeal=appeal, actor=people["resident"], rating=4)
    with pytest.raises(Conflict) as info:
        services.appeal_rate(appeal=appeal, actor=people["resident"], rating=1)
    assert "已经评价过" in str(info.value.message)
    appeal.refresh_from_db()
    assert appeal.rating == 4


def test_rating_out_of_range_is_a_field_error(appeal, people):
    _resolve(appeal, people["worker_g1"])
    with pytest.raises(ValidationError) as info:
        services.appeal_rate(appeal=appeal, actor=people["resident"], rating=6)
    assert "rating" in info.value.message_dict


def test_only_the_resident_may_rate(appeal, people):
    _resolve(appeal, people["worker_g1"])
    with pytest.raises(NotAllowed) as info:
        services.appeal_rate(appeal=appeal, actor=people["neighbour"], rating=5)
    assert "居民本人" in str(info.value.message)


def test_worker_of_another_grid_cannot_handle(appeal, people):
    with pytest.raises(NotAllowed) as info:
        services.appeal_accept(appeal=appeal, actor=people["worker_g2"])
    assert "第一网格" in str(info.value.message)


def test_resident_and_window_staff_cannot_handle(appeal, people):
    for actor in (people["resident"], people["window_a1"], people["admin_a2"], people["street_b"]):
        with pytest.raises(NotAllowed):
            services.appeal_accept(appeal=appeal, actor=actor)


def test_admins_above_the_level_may_step_in(appeal, people):
    assert services.appeal_accept(appeal=appeal, actor=people["admin_a1"]).status == Status.ACCEPTED


def test_grid_worker_cannot_act_once_escalated(appeal, people):
    services.appeal_escalate(appeal=appeal, actor=people["worker_g1"], reason="需要社区协调物业")
    with pytest.raises(NotAllowed):
        services.appeal_accept(appeal=appeal, actor=people["worker_g1"])


def test_escalation_climbs_one_level_at_a_time_with_new_deadlines(appeal, people):
    worker = people["worker_g1"]
    services.appeal_accept(appeal=appeal, actor=worker)
    old_due = appeal.accept_due
    appeal = services.appeal_escalate(appeal=appeal, actor=worker, reason="物业不配合")
    assert (appeal.level, appeal.status) == (Level.COMMUNITY, Status.SUBMITTED)
    assert appeal.accept_due >= old_due
    assert Notification.objects.filter(recipient=people["admin_a1"], event="appeals.escalated").exists()
    appeal = services.appeal_escalate(appeal=appeal, actor=people["admin_a1"], reason="需要街道执法")
    assert appeal.level == Level.STREET
    appeal = services.appeal_escalate(appeal=appeal, actor=people["street_a"], reason="需要区城管局")
    assert appeal.level == Level.DISTRICT
    with pytest.raises(DomainError) as info:
        services.appeal_escalate(appeal=appeal, actor=people["district"], reason="再上报")
    assert "最高层级" in str(info.value)


def test_admin_routes_straight_to_a_level(appeal, people):
    appeal = services.appeal_route(appeal=appeal, actor=people["street_a"], level=Level.STREET, reason="涉及执法")
    assert appeal.level == Level.STREET and appeal.status == Status.SUBMITTED
    appeal = services.appeal_route(appeal=appeal, actor=people["street_a"], level=Level.GRID)
    assert appeal.level == Level.GRID


def test_grid_worker_cannot_route(appeal, people):
    with pytest.raises(NotAllowed) as info:
        services.appeal_route(appeal=appeal, actor=people["worker_g1"], level=Level.STREET)
    assert "管理员" in str(info.value.message)


def test_request_info_and_the_residents_answer_return_the_case(appeal, people):
    worker = people["worker_g1"]
    services.appeal_accept(appeal=appeal, actor=worker)
    services.appeal_request_info(appeal=appeal, actor=worker, text="请拍一张垃圾堆放位置的照片")
    appeal.refresh_from_db()
    assert appeal.status == Status.INFO_REQUESTED
    with pytest.raises(InvalidTransition):
        services.appeal_accept(appeal=appeal, actor=worker)
    appeal = services.appeal_add_info(appeal=appeal, actor=people["resident"], text="在1号楼东侧楼梯口")
    assert appeal.status == Status.ACCEPTED  # it had been accepted before


def test_adding_info_when_not_asked_is_refused(appeal, people):
    with pytest.raises(InvalidTransition):
        services.appeal_add_info(appeal=appeal, actor=people["resident"], text="补充")


def test_decline_needs_a_reason_and_is_final(appeal, people):
    with pytest.raises(ValidationError):
        services.appeal_decline(appeal=appeal, actor=people["worker_g1"], reason=" ")
    appeal = services.appeal_decline(appeal=appeal, actor=people["worker_g1"], reason="属于私人合同纠纷，请走法律途径")
    assert appeal.status == Status.DECLINED
    with pytest.raises(InvalidTransition):
        services.appeal_accept(appeal=appeal, actor=people["worker_g1"])


def test_reopen_within_the_window_and_refused_after(appeal, people, time_machine):
    time_machine.move_to(timezone.now())
    _resolve(appeal, people["worker_g1"])
    services.appeal_rate(appeal=appeal, actor=people["resident"], rating=2, comment="又堆起来了")
    appeal = services.appeal_reopen(appeal=appeal, actor=people["resident"], reason="又堆起来了")
    assert appeal.status == Status.IN_PROGRESS and appeal.rating is None
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已再次清理并通知物业", resolve=True)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    with pytest.raises(InvalidTransition) as info:
        services.appeal_reopen(appeal=appeal, actor=people["resident"], reason="还是不行")
    assert "7 天" in str(info.value.message)


def test_auto_close_without_rating_counts_as_unrated(appeal, people, time_machine):
    time_machine.move_to(timezone.now())
    _resolve(appeal, people["worker_g1"])
    assert services.auto_close_unrated() == 0
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, minutes=1))
    assert services.auto_close_unrated() == 1
    assert services.auto_close_unrated() == 0
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.closed_unrated and appeal.rating is None
    assert Notification.objects.filter(recipient=people["resident"], event="appeals.auto_closed").exists()


def test_internal_notes_never_reach_the_resident(appeal, people, client, api_client):
    services.appeal_add_note(appeal=appeal, actor=people["worker_g1"], text="内部：物业经理电话 13912345678")
    assert appeal.events.filter(kind=AppealEvent.Kind.NOTE, public=False).exists()
    client.force_login(people["resident"])
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "物业经理电话" not in page
    api_client.force_authenticate(people["resident"])
    body = api_client.get(f"/api/v1/appeals/{appeal.pk}/").json()
    assert all("物业经理" not in e["text"] for e in body["events"])
    client.force_login(people["worker_g1"])
    assert "物业经理电话" in client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()


def test_resident_sees_holder_unit_and_deadline_but_no_staff_names(appeal, people, client):
    people["worker_g1"].display_name = "王小网"
    people["worker_g1"].save()
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    client.force_login(people["resident"])
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "网格 · 甲一社区·第一网格" in page and "期限" in page
    assert "王小网" not in page


def test_duplicates_are_suggested_and_merged(people, categories, territory):
    main = submit(people["resident"], category=categories["noise"], text="楼下装修噪音")
    dup = submit(people["neighbour"], category=categories["noise"], text="装修太吵了")
    other_grid = submit(people["neighbour"], category=categories["noise"], building=territory["b_g3"], text="吵")
    other_category = submit(people["neighbour"], category=categories["parking"], text="乱停车")
    suggested = list(suggested_duplicates(dup))
    assert main in suggested and other_grid not in suggested and other_category not in suggested
    merged = services.appeal_merge(appeal=dup, into=main, actor=people["worker_g1"])
    assert merged.status == Status.MERGED and merged.merged_into == main
    note = Notification.objects.get(recipient=people["neighbour"], event="appeals.merged")
    assert main.number in note.body
    assert main.events.filter(kind=AppealEvent.Kind.MERGED).exists()


def test_merge_into_itself_or_a_merged_case_is_refused(people, categories):
    a = submit(people["resident"], category=categories["noise"])
    b = submit(people["neighbour"], category=categories["noise"])
    c = submit(people["neighbour"], category=categories["noise"])
    with pytest.raises(DomainError):
        services.appeal_merge(appeal=a, into=a, actor=people["worker_g1"])
    services.appeal_merge(appeal=b, into=a, actor=people["worker_g1"])
    with pytest.raises(Conflict):
        services.appeal_merge(appeal=c, into=b, actor=people["worker_g1"])


def test_staff_may_change_the_category(appeal, people, categories):
    appeal = services.appeal_change_category(appeal=appeal, actor=people["worker_g1"], category=categories["property"])
    assert appeal.category == categories["property"]
    assert "物业管理" in appeal.events.last().note


def test_result_photos_are_kept_as_results(appeal, people):
    from appeals.models import AppealPhoto

    from .conftest import jpeg

    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理", resolve=True, photos=[jpeg()])
    assert appeal.photos.get().kind == AppealPhoto.Kind.RESULT


def test_resident_of_a_merged_duplicate_follows_the_main_case_redacted(people, categories, client):
    main = submit(people["resident"], category=categories["noise"], text="楼上装修太吵，我电话13912345678")
    dup = submit(people["neighbour"], category=categories["noise"], text="装修吵")
    services.appeal_merge(appeal=dup, into=main, actor=people["worker_g1"])
    client.force_login(people["neighbour"])
    page = client.get(reverse("appeals:detail_by_number", args=[main.number]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and main.number in html and "13912345678" not in html and "并入此件" in html
    outsider = people["admin_a2"]
    client.force_login(outsider)
    assert client.get(reverse("appeals:detail", args=[main.pk])).status_code == 404
    from appeals.permissions import is_owner

    assert not is_owner(people["neighbour"], main)
    with pytest.raises(NotAllowed):
        services.appeal_rate(appeal=main, actor=people["neighbour"], rating=5)


def test_the_routing_module_is_not_shadowed_by_a_service_function():
    from appeals.services import appeal_route, route

    assert callable(route.place_of) and callable(appeal_route)
