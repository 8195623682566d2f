"""The shared page plumbing: who may open a page (taijiang.core.access) and how a service's
refusal reaches the page (taijiang.core.pages)."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from taijiang.core.access import deny_unless, in_scope_or_404, login_required, role_required
from taijiang.core.exceptions import Conflict, DomainError, NotAllowed, RateLimited
from taijiang.core.pages import Action, attempt, run_action
from taijiang.users.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _request(user=None, method="get", data=None):
    request = getattr(RequestFactory(), method)("/somewhere/?x=1", data or {})
    request.user = user or AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def _page(request):
    return HttpResponse("ok")


def _said(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_an_anonymous_visitor_is_sent_to_log_in_and_back():
    for view in (login_required(_page), role_required(Role.DISTRICT_ADMIN, message="仅限区级")(_page)):
        response = view(_request())
        assert response.status_code == 302 and "next=/somewhere/%3Fx%3D1" in response["Location"]


def test_the_wrong_role_is_refused_with_the_reason(territory):
    view = role_required(Role.COMMUNITY_ADMIN, lambda user: user.role == Role.STREET_ADMIN, message="只有管理员可以")(_page)
    with pytest.raises(PermissionDenied, match="只有管理员可以"):
        view(_request(factories.resident()))
    assert view(_request(factories.community_admin(territory["a1"]))).status_code == 200
    assert view(_request(factories.street_admin(territory["street_a"]))).status_code == 200
    with pytest.raises(PermissionDenied, match="不行"):
        deny_unless(False, "不行")


def test_outside_the_scope_is_a_404(territory):
    admin = factories.community_admin(territory["a1"])
    assert in_scope_or_404(admin, territory["g1"]) == territory["g1"]
    with pytest.raises(Http404):
        in_scope_or_404(admin, territory["b1"])


class NameForm(forms.Form):
    name = forms.CharField()


def _raise(exc):
    raise exc


@pytest.mark.parametrize("exc, status, field", [
    (DomainError("不行", field="name"), 400, "name"), (Conflict("冲突了"), 409, "__all__"),
    (RateLimited("太频繁"), 429, "__all__"), (ValidationError({"name": "名字不对"}), 400, "name"),
])
def test_a_refusal_goes_onto_the_form_with_its_status(exc, status, field):
    request = _request()
    form = NameForm({"name": "张三"})
    assert form.is_valid()
    outcome = attempt(request, form, lambda: _raise(exc))
    assert not outcome and outcome.status == status
    assert form.errors[field] == [str(exc.message) if isinstance(exc, DomainError) else "名字不对"]
    assert _said(request) == []


def test_without_a_form_the_refusal_is_a_message():
    request = _request()
    outcome = attempt(request, None, lambda: _raise(ValidationError("材料不全")))
    assert not outcome and _said(request) == ["材料不全"]


def test_not_allowed_is_the_403_page_unless_the_page_shows_it():
    with pytest.raises(PermissionDenied, match="无权"):
        attempt(_request(), None, lambda: _raise(NotAllowed("无权")))
    request = _request()
    outcome = attempt(request, None, lambda: _raise(NotAllowed("无权")), inline_forbidden=True)
    assert outcome.status == 403 and _said(request) == ["无权"]


def test_a_success_keeps_what_the_service_returned():
    outcome = attempt(_request(), None, lambda: 42)
    assert outcome and outcome.value == 42 and outcome.status == 200


ACTIONS = {
    "greet": Action(lambda request, obj, data: f"{obj}:{data['name']}", lambda value: f"已问候 {value}", form=NameForm),
    "poke": Action(lambda request, obj, data: _raise(Conflict("已经戳过了"))),
}


def test_an_action_table_binds_the_form_calls_and_says_success():
    request = _request(method="post", data={"name": "李四"})
    outcome = run_action(request, ACTIONS, "greet", "obj")
    assert outcome and outcome.value == "obj:李四" and _said(request) == ["已问候 obj:李四"]


def test_an_action_table_refuses_bad_input_and_unknown_actions():
    request = _request(method="post", data={})
    outcome = run_action(request, ACTIONS, "greet", "obj")
    assert outcome.status == 400 and outcome.form.errors["name"]
    request = _request(method="post", data={})
    outcome = run_action(request, ACTIONS, "greet", "obj", messages_only=True)
    assert outcome.status == 400 and len(_said(request)) == 1
    request = _request(method="post")
    assert run_action(request, ACTIONS, "poke", "obj").status == 409 and _said(request) == ["已经戳过了"]
    with pytest.raises(Http404):
        run_action(_request(method="post"), ACTIONS, "explode", "obj")
