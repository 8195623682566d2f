import pytest

from services import services
from services.models import ServiceRequest
from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests.services.factories import registry_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxy_request(item, people, territory):
    person = registry_resident(territory["b_g1"])
    return services.request_submit(item=item, actor=people["grid_worker"], community=territory["a1"],
                                   grid=territory["g1"], registry_resident=person, channel="proxy", is_proxy=True,
                                   consent_by="张阿公", consent_method="in_person")


def test_consent_is_recorded_with_who_how_and_when(proxy_request):
    assert proxy_request.consent_by == "张阿公" and proxy_request.consent_method == "in_person"
    assert proxy_request.consent_at is not None and proxy_request.proxy_status == "registered"
    assert "同意人" in proxy_request.events.get().note


def test_assignment_notifies_assignee_and_lists_the_task(proxy_request, people):
    from services.selectors import proxy_tasks_for

    services.proxy_assign(request=proxy_request, assignee=people["grid_worker"], actor=people["window"])
    assert Notification.objects.filter(recipient=people["grid_worker"], event="services.proxy_assigned").exists()
    assert list(proxy_tasks_for(people["grid_worker"])) == [proxy_request]


def test_assignee_outside_the_grid_is_refused(proxy_request, people):
    with pytest.raises(DomainError) as exc:
        services.proxy_assign(request=proxy_request, assignee=people["grid_worker_g3"], actor=people["window"])
    assert "不负责" in str(exc.value.message)
    with pytest.raises(NotAllowed):
        services.proxy_assign(request=proxy_request, assignee=people["grid_worker"], actor=people["window_a2"])


def test_full_proxy_journey_ends_confirmed(proxy_request, people):
    worker, staff = people["grid_worker"], people["window"]
    services.proxy_assign(request=proxy_request, assignee=worker, actor=worker)
    services.proxy_advance(request=proxy_request, actor=worker, target="handling")
    for step in (services.request_start_review, services.request_accept):
        step(request=proxy_request, actor=staff)
    services.request_complete(request=proxy_request, actor=staff, result="已认证")
    services.proxy_advance(request=proxy_request, actor=worker, target="replied")
    services.proxy_advance(request=proxy_request, actor=worker, target="handed_over")
    services.proxy_confirm(request=proxy_request, actor=worker, confirmed_by_name="张阿公")
    proxy_request.refresh_from_db()
    assert proxy_request.proxy_status == "confirmed" and proxy_request.confirmed_by_name == "张阿公"


def test_result_cannot_be_handed_over_before_the_request_closes(proxy_request, people):
    worker = people["grid_worker"]
    services.proxy_assign(request=proxy_request, assignee=worker, actor=worker)
    services.proxy_advance(request=proxy_request, actor=worker, target="handling")
    services.proxy_advance(request=proxy_request, actor=worker, target="replied")
    with pytest.raises(DomainError) as exc:
        services.proxy_advance(request=proxy_request, actor=worker, target="handed_over")
    assert "办结" in str(exc.value.message)


@pytest.mark.parametrize("target", ["replied", "handed_over", "registered"])
def test_proxy_steps_cannot_be_skipped(proxy_request, people, target):
    worker = people["grid_worker"]
    services.proxy_assign(request=proxy_request, assignee=worker, actor=worker)
    with pytest.raises(InvalidTransition):
        services.proxy_advance(request=proxy_request, actor=worker, target=target)
    with pytest.raises(InvalidTransition):
        services.proxy_confirm(request=proxy_request, actor=worker, confirmed_by_name="x")


def test_a_worker_of_another_grid_cannot_work_the_task(proxy_request, people):
    with pytest.raises(NotAllowed) as exc:
        services.proxy_advance(request=proxy_request, actor=people["grid_worker_g3"], target="handling")
    assert "代办人" in str(exc.value.message)


def test_resident_confirms_own_result(item, people, territory):
    resident = people["resident"]
    request = services.request_submit(item=item, actor=people["window"], applicant=resident, community=territory["a1"],
                                      grid=territory["g1"], is_proxy=True, consent_by="林阿姨",
                                      consent_method="phone", channel=ServiceRequest.Channel.PROXY)
    staff = people["window"]
    services.proxy_assign(request=request, assignee=staff, actor=staff)
    for target in ("handling", "replied"):
        services.proxy_advance(request=request, actor=staff, target=target)
    services.request_start_review(request=request, actor=staff)
    services.request_reject(request=request, actor=staff, reason="不符合条件")
    services.proxy_advance(request=request, actor=staff, target="handed_over")
    services.proxy_confirm(request=request, actor=resident)
    request.refresh_from_db()
    assert request.confirmed_by_name == resident.name
    assert request.events.last().data == {"by_resident": True}
