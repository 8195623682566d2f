import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from grid.handoff import visit_handoff_links
from grid.models import Visit
from grid.services import visit_log
from taijiang.core.exceptions import Conflict, NotAllowed

pytestmark = pytest.mark.django_db


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def test_worker_logs_visit_on_the_phone_page(client, reg):
    client.force_login(reg["worker1"])
    page = client.get(reverse("grid:visit_create"), {"household": reg["h1"].pk})
    assert page.status_code == 200 and "林秀英" in page.content.decode()
    assert reverse("grid:manifest") in page.content.decode()
    response = client.post(reverse("grid:visit_create"), {
        "household": reg["h1"].pk, "kind": "home", "outcome": "met", "met_residents": [reg["r1"].pk],
        "obs_health": "ok", "obs_gas": "issue", "needs": "想办老年人优待证", "actions_taken": "讲解材料",
        "note": "精神好", "photo": _jpeg(), "latitude": "26.053012", "longitude": "119.310055",
        "client_uuid": str(uuid.uuid4())})
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("grid:visit_detail", args=[visit.pk])
    assert visit.observations == {"health": "ok", "gas": "issue"}
    assert list(visit.met_residents.all()) == [reg["r1"]] and visit.photo and visit.worker == reg["worker1"]
    detail = client.get(response["Location"]).content.decode()
    assert "燃气安全" in detail and "想办老年人优待证" in detail
    assert client.get(reverse("grid:visit_photo", args=[visit.pk]))["Content-Type"].startswith("image/")


def test_visit_page_for_household_outside_my_grids_is_404(client, reg):
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:visit_create"), {"household": reg["h2"].pk}).status_code == 404
    response = client.post(reverse("grid:visit_create"), {"household": reg["h2"].pk, "kind": "home",
                                                           "outcome": "met"})
    assert response.status_code == 200 and "household" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_service_refuses_visit_outside_my_grids(reg):
    with pytest.raises(NotAllowed, match="只能走访自己网格内的住户"):
        visit_log(actor=reg["worker1"], household=reg["h2"])
    with pytest.raises(NotAllowed):
        visit_log(actor=reg["street_a"], household=reg["h1"])


def test_met_resident_of_another_household_is_refused(reg):
    from taijiang.core.exceptions import Conflict

    with pytest.raises(Conflict) as exc:
        visit_log(actor=reg["admin_a1"], household=reg["h1"], met_residents=[reg["r2"]])
    assert "必须是该户的居民" in str(exc.value)


def test_bad_photo_is_a_field_error_and_nothing_is_saved(client, reg):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:visit_create"), {
        "household": reg["h1"].pk, "kind": "home", "outcome": "met", "note": "保留我",
        "photo": SimpleUploadedFile("x.jpg", b"not an image")})
    assert "不是有效的图片文件" in " ".join(response.context["form"].errors["photo"])
    assert "保留我" in response.content.decode() and not Visit.objects.exists()


def test_same_client_uuid_is_stored_once(reg):
    key = uuid.uuid4()
    first, created = visit_log(actor=reg["worker1"], household=reg["h1"], client_uuid=key, note="一")
    again, created_again = visit_log(actor=reg["worker1"], household=reg["h1"], client_uuid=str(key), note="一")
    assert created and not created_again and first.pk == again.pk and Visit.objects.count() == 1


def test_client_uuid_of_another_worker_is_a_conflict(reg):
    key = uuid.uuid4()
    visit_log(actor=reg["worker1"], household=reg["h1"], client_uuid=key)
    with pytest.raises(Conflict):
        visit_log(actor=reg["admin_a1"], household=reg["h1"], client_uuid=key)


def test_window_staff_cannot_open_visit_page(client, reg):
    client.force_login(reg["window"])
    response = client.get(reverse("grid:visit_create"))
    assert response.status_code == 403 and "窗口人员" in response.content.decode()


def test_street_admin_cannot_log_visits(client, reg):
    client.force_login(reg["street_a"])
    response = client.get(reverse("grid:visit_create"))
    assert response.status_code == 403 and "只有网格员和社区管理员可以登记走访" in response.content.decode()


def test_handoff_links_leave_out_missing_apps_with_a_note(reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]])
    links = visit_handoff_links(visit)
    assert [str(link.label) for link in links] == ["代为说事", "代办服务"]
    for link in links:
        assert link.url is None or f"visit={visit.pk}" in link.url
        if link.url is None:
            assert link.note


def test_handoff_links_carry_the_context_when_apps_exist(reg, monkeypatch):
    from grid import handoff

    monkeypatch.setattr(handoff, "reverse", lambda name: {"appeals:staff_create": "/appeals/staff/new/",
                                                         "services:request_create_for_resident": "/services/new/"}[name])
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]])
    appeal, service = visit_handoff_links(visit)
    assert appeal.url == (f"/appeals/staff/new/?building={reg['b_g1'].pk}&visit={visit.pk}"
                          f"&channel=visit&resident={reg['r1'].pk}")
    assert service.url == f"/services/new/?resident={reg['r1'].pk}&visit={visit.pk}&proxy=1"


def test_visit_detail_of_other_grid_is_404(client, reg):
    visit, _ = visit_log(actor=reg["worker2"], household=reg["h2"])
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:visit_detail", args=[visit.pk])).status_code == 404
    assert client.get(reverse("grid:visit_photo", args=[visit.pk])).status_code == 404
    client.force_login(reg["worker2"])
    html = client.get(reverse("grid:visit_detail", args=[visit.pk])).content.decode()
    assert "代为说事" in html and "代办服务" in html


def test_service_worker_and_manifest_are_served_under_grid(client):
    response = client.get(reverse("grid:service_worker"))
    body = response.content.decode()
    assert response.status_code == 200 and response["Service-Worker-Allowed"] == "/grid/"
    assert "javascript" in response["Content-Type"] and "/static/grid/visit.js" in body and "__ASSETS__" not in body
    manifest = client.get(reverse("grid:manifest")).json()
    assert manifest["scope"] == "/grid/" and manifest["display"] == "standalone" and manifest["icons"]


def test_home_cards_for_worker(client, reg):
    from grid.portal import home_cards

    cards = home_cards(reg["worker1"])
    assert [str(c.title) for c in cards] == ["高风险户逾期未访", "今日应访", "逾期未访"]
    assert home_cards(reg["window"]) == [] and home_cards(reg["resident_user"]) == []
    client.force_login(reg["worker1"])
    assert "今日应访" in client.get("/").content.decode()


def test_visit_detail_hands_off_for_the_person_met_by_default(client, reg):
    from tests.grid.factories import ResidentFactory

    other = ResidentFactory(household=reg["h1"], name="阿大")  # sorts before 林秀英
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]])
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:visit_detail", args=[visit.pk]))
    assert response.context["selected_resident"] == reg["r1"]
    response = client.get(reverse("grid:visit_detail", args=[visit.pk]), {"resident": other.pk})
    assert response.context["selected_resident"] == other
    response = client.get(reverse("grid:visit_detail", args=[visit.pk]), {"resident": reg["r2"].pk})
    assert response.context["selected_resident"] == reg["r1"]  # not of this household: ignored


def test_a_household_that_moves_takes_its_visits_and_the_grid_it_left_no_longer_sees_them(client, reg):
    """Visits are scoped by their grid, kept equal to the household's: after a move to another grid the
    former worker gets a 404 (its new address and residents are no longer theirs to see), the new one
    sees the household's history."""
    from grid.models import Visit
    from grid.services.registry import household_update

    visit = visit_log(actor=reg["worker1"], household=reg["h1"])[0]
    assert visit.grid == reg["g1"]
    household_update(actor=reg["admin_a1"], household=reg["h1"], building=reg["b_g2"])

    assert Visit.objects.get(pk=visit.pk).grid == reg["g2"]
    client.force_login(reg["worker1"])
    assert client.get(f"/grid/visits/{visit.pk}/").status_code == 404
    client.force_login(reg["worker2"])
    assert client.get(f"/grid/visits/{visit.pk}/").status_code == 200
