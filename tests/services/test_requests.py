import datetime

import pytest
from django.utils import timezone

from services import services
from services.models import RequestStatus, ServiceRequest
from services.workflow import REQUEST_FLOW
from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from taijiang.workdays.calendar import add_working_days
from taijiang.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
S = RequestStatus


def submit(item, people, territory, **kwargs):
    return services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                   community=territory["a1"], grid=territory["g1"], **kwargs)


def to_status(request, target, staff, resident):
    """Drive a request along the happy path until it reaches `target`."""
    path = {
        S.SUBMITTED: [],
        S.PRE_REVIEW: ["review"],
        S.MATERIALS_MISSING: ["review", "missing"],
        S.ACCEPTED: ["review", "accept"],
        S.PROCESSING: ["review", "accept", "process"],
        S.COMPLETED: ["review", "accept", "complete"],
        S.REJECTED: ["review", "reject"],
        S.WITHDRAWN: ["withdraw"],
    }[target]
    for step in path:
        if step == "review":
            services.request_start_review(request=request, actor=staff)
        elif step == "missing":
            services.request_mark_missing(request=request, actor=staff, missing=["户口簿"])
        elif step == "accept":
            services.request_accept(request=request, actor=staff)
        elif step == "process":
            services.request_process(request=request, actor=staff)
        elif step == "complete":
            services.request_complete(request=request, actor=staff, result="办好了")
        elif step == "reject":
            services.request_reject(request=request, actor=staff, reason="不符合条件")
        elif step == "withdraw":
            services.request_withdraw(request=request, actor=resident)
    request.refresh_from_db()
    assert request.status == target
    return request


def test_submission_creates_timeline_and_notifies_resident(item, people, territory):
    request = submit(item, people, territory, description="母亲满 80 岁")
    assert request.status == S.SUBMITTED and request.number.startswith("FW")
    assert list(request.events.values_list("title", flat=True)) == ["提交申请"]
    assert Notification.objects.filter(recipient=people["resident"], event="services.request_submitted").exists()


def test_request_numbers_are_unique_per_day(item, people, territory):
    numbers = {submit(item, people, territory).number for _ in range(3)}
    assert len(numbers) == 3


@pytest.mark.parametrize("current", list(S.values))
def test_every_forbidden_transition_is_refused(item, people, territory, current):
    staff, resident = people["window"], people["resident"]
    request = to_status(submit(item, people, territory), current, staff, resident)
    attempts = {
        S.PRE_REVIEW: lambda r: services.request_start_review(request=r, actor=staff),
        S.MATERIALS_MISSING: lambda r: services.request_mark_missing(request=r, actor=staff, missing=["照片"]),
        S.ACCEPTED: lambda r: services.request_accept(request=r, actor=staff),
        S.COMPLETED: lambda r: services.request_complete(request=r, actor=staff),
        S.REJECTED: lambda r: services.request_reject(request=r, actor=staff, reason="理由"),
        S.WITHDRAWN: lambda r: services.request_withdraw(request=r, actor=resident),
    }
    for target, attempt in attempts.items():
        back_without_materials = current == S.MATERIALS_MISSING and target == S.PRE_REVIEW
        if REQUEST_FLOW.can(current, target) and not back_without_materials:
            continue
        with pytest.raises(InvalidTransition) as exc:
            attempt(request)
        assert ("补正" if back_without_materials else "不能从") in str(exc.value.message)
        request.refresh_from_db()
        assert request.status == current
    if not REQUEST_FLOW.can(current, S.PROCESSING):
        with pytest.raises(InvalidTransition):
            services.request_process(request=request, actor=staff)


def test_missing_materials_lists_every_item_in_one_notice(item, people, territory):
    request = to_status(submit(item, people, territory), S.PRE_REVIEW, people["window"], people["resident"])
    services.request_mark_missing(request=request, actor=people["window"], missing=["户口簿", "照片", "收入证明"],
                                  note="照片须白底")
    notices = Notification.objects.filter(recipient=people["resident"], event="services.materials_missing")
    assert notices.count() == 1
    body = notices.get().body
    assert all(name in body for name in ("户口簿", "照片", "收入证明"))
    request.refresh_from_db()
    assert request.missing_materials == ["户口簿", "照片", "收入证明"]


def test_missing_materials_needs_at_least_one_item(item, people, territory):
    request = to_status(submit(item, people, territory), S.PRE_REVIEW, people["window"], people["resident"])
    with pytest.raises(DomainError) as exc:
        services.request_mark_missing(request=request, actor=people["window"], missing=["  "])
    assert "所缺" in str(exc.value.message)


def test_supplement_returns_request_to_pre_review(item, people, territory):
    from django.core.files.base import ContentFile

    request = to_status(submit(item, people, territory), S.MATERIALS_MISSING, people["window"], people["resident"])
    services.request_supplement(request=request, actor=people["resident"],
                                files=[(None, ContentFile(b"%PDF-1.4", name="a.pdf"), "户口簿.pdf")])
    request.refresh_from_db()
    assert request.status == S.PRE_REVIEW and request.missing_materials == []
    assert request.attachments.count() == 1


def test_another_resident_cannot_supplement_or_withdraw(item, people, territory):
    request = to_status(submit(item, people, territory), S.MATERIALS_MISSING, people["window"], people["resident"])
    with pytest.raises(NotAllowed):
        services.request_supplement(request=request, actor=people["other_resident"], files=[])
    with pytest.raises(NotAllowed) as exc:
        services.request_withdraw(request=request, actor=people["other_resident"])
    assert "申请人" in str(exc.value.message)


def test_staff_of_another_community_cannot_review(item, people, territory):
    request = submit(item, people, territory)
    with pytest.raises(NotAllowed) as exc:
        services.request_start_review(request=request, actor=people["window_a2"])
    assert "本社区" in str(exc.value.message)
    with pytest.raises(NotAllowed):
        services.request_start_review(request=request, actor=people["street_b_admin"])
    services.request_start_review(request=request, actor=people["street_admin"])  # same street: allowed


def test_reject_requires_a_reason(item, people, territory):
    request = to_status(submit(item, people, territory), S.PRE_REVIEW, people["window"], people["resident"])
    with pytest.raises(DomainError) as exc:
        services.request_reject(request=request, actor=people["window"], reason=" ")
    assert "理由" in str(exc.value.message)


def test_transfer_to_street_is_recorded_on_the_timeline(item, people, territory):
    request = to_status(submit(item, people, territory), S.PROCESSING, people["window"], people["resident"])
    services.request_process(request=request, actor=people["window"], level="street", note="街道审核")
    request.refresh_from_db()
    assert request.handling_level == "street"
    assert request.events.last().title == "转街道办理"
    with pytest.raises(DomainError):  # processing again at the same level is not a transfer
        services.request_process(request=request, actor=people["window"], level="street")


def test_due_date_skips_holiday_and_counts_makeup_working_day(item, people, territory, time_machine):
    # Thursday 2026-09-24; 25–27 holiday (Fri–Sun), Saturday 2026-09-26 is made a working day here.
    time_machine.move_to(datetime.datetime(2026, 9, 24, 10, 0, tzinfo=timezone.get_current_timezone()))
    CalendarDay.objects.create(date=datetime.date(2026, 9, 25), kind="holiday", name="中秋节")
    CalendarDay.objects.create(date=datetime.date(2026, 9, 28), kind="holiday", name="中秋节")
    CalendarDay.objects.create(date=datetime.date(2026, 9, 27), kind="workday", name="调休")
    item.promised_days = 3
    item.save()
    request = to_status(submit(item, people, territory), S.ACCEPTED, people["window"], people["resident"])
    # working days after Thu 24: Sun 27 (make-up), Tue 29, Wed 30
    assert request.due_date == datetime.date(2026, 9, 30)
    assert request.due_date == add_working_days(datetime.date(2026, 9, 24), 3)


def test_suspended_item_cannot_be_requested(item, people, territory):
    item.status = "suspended"
    item.save()
    with pytest.raises(DomainError) as exc:
        submit(item, people, territory)
    assert "暂停" in str(exc.value.message)


def test_resident_cannot_file_for_someone_else(item, people, territory):
    with pytest.raises(NotAllowed):
        services.request_submit(item=item, actor=people["resident"], applicant=people["other_resident"],
                                community=territory["a1"])


def test_proxy_needs_consent(item, people, territory):
    with pytest.raises(DomainError) as exc:
        services.request_submit(item=item, actor=people["window"], community=territory["a1"], applicant_name="张阿公",
                                channel=ServiceRequest.Channel.PROXY, is_proxy=True, consent_by="", consent_method="")
    assert "同意" in str(exc.value.message)
