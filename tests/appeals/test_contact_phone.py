"""An appeal's contact phone: encrypted at rest, masked on every page, revealed only with a logged reason."""

import pytest
from django.db import connection
from django.urls import reverse

from appeals import services
from appeals.models import Appeal, ContactAccessLog
from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def called_in(people, territory, categories):
    """A phone call filed by the window at grid g1, with the caller's number."""
    return services.appeal_create_on_behalf(actor=people["window_a1"], channel="phone", text="老人求助买药",
                                            building=territory["b_g1"], contact_name="林阿姨",
                                            contact_phone="13912345678")


def _raw(appeal):
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, contact_phone_hash FROM appeals_appeal WHERE id = %s", [appeal.pk])
        return cursor.fetchone()


def test_contact_phone_is_encrypted_at_rest_with_a_lookup_hash(called_in):
    stored, digest = _raw(called_in)
    assert "13912345678" not in stored and "5678" not in stored and digest == lookup_hash("13912345678")
    assert Appeal.objects.get(pk=called_in.pk).contact_phone == "13912345678"


def test_handler_sees_it_masked_and_reveals_it_with_a_logged_reason(client, people, called_in):
    client.force_login(people["worker_g1"])
    html = client.get(reverse("appeals:detail", args=[called_in.pk])).content.decode()
    assert "139****5678" in html and "13912345678" not in html
    assert reverse("appeals:reveal_contact", args=[called_in.pk]) in html
    response = client.post(reverse("appeals:reveal_contact", args=[called_in.pk]), {"reason": "回电核实情况"})
    assert response.status_code == 200 and "13912345678" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log = ContactAccessLog.objects.get()
    assert (log.actor, log.appeal, log.reason) == (people["worker_g1"], called_in, "回电核实情况")


def test_reveal_needs_a_reason(client, people, called_in):
    client.force_login(people["worker_g1"])
    response = client.post(reverse("appeals:reveal_contact", args=[called_in.pk]), {"reason": " "})
    assert response.status_code == 400 and "请填写查看事由" in response.content.decode()
    assert "13912345678" not in response.content.decode() and not ContactAccessLog.objects.exists()


def test_staff_who_do_not_hold_the_case_see_it_masked_and_are_refused_the_reveal(client, people, called_in):
    # The window clerk of the community may open the case but does not handle it.
    client.force_login(people["window_a1"])
    html = client.get(reverse("appeals:detail", args=[called_in.pk])).content.decode()
    assert "139****5678" in html and "13912345678" not in html
    assert reverse("appeals:reveal_contact", args=[called_in.pk]) not in html
    response = client.post(reverse("appeals:reveal_contact", args=[called_in.pk]), {"reason": "回电"})
    assert response.status_code == 403 and "只有当前承办该诉求的工作人员可以查看完整联系电话" in response.content.decode()
    assert "13912345678" not in response.content.decode() and not ContactAccessLog.objects.exists()


@pytest.mark.parametrize("who", ["worker_g2", "admin_a2", "street_b", "neighbour"])
def test_out_of_scope_users_get_404_and_never_the_number(client, people, called_in, who):
    client.force_login(people[who])
    assert client.get(reverse("appeals:detail", args=[called_in.pk])).status_code == 404
    response = client.post(reverse("appeals:reveal_contact", args=[called_in.pk]), {"reason": "回电"})
    assert response.status_code == 404 and "13912345678" not in response.content.decode()
    with pytest.raises(NotAllowed):
        services.reveal_contact_phone(actor=people[who], appeal=called_in, reason="回电")
    assert not ContactAccessLog.objects.exists()


def test_reveal_log_rows_cannot_be_changed_or_deleted(people, called_in):
    services.reveal_contact_phone(actor=people["admin_a1"], appeal=called_in, reason="回电")
    log = ContactAccessLog.objects.get()
    log.reason = "改掉"
    with pytest.raises(NotAllowed):
        log.save()
    with pytest.raises(NotAllowed):
        log.delete()


def test_api_never_returns_the_contact_phone(api_client, people, called_in):
    api_client.force_authenticate(people["admin_a1"])
    response = api_client.get(f"/api/v1/appeals/{called_in.pk}/")
    assert response.status_code == 200 and "13912345678" not in response.content.decode()
