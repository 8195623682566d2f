import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from grid.models import AccessLog, Resident
from grid.serializers import HouseholdSerializer, ResidentSerializer
from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import NotAllowed

pytestmark = pytest.mark.django_db


def _raw(resident, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM grid_resident WHERE id = %s", [resident.pk])
        return cursor.fetchone()[0]


def test_id_number_and_phone_are_encrypted_at_rest(reg):
    r1 = reg["r1"]
    raw_id, raw_phone = _raw(r1, "id_number"), _raw(r1, "phone")
    assert raw_id and raw_id != r1.id_number and r1.id_number[-4:] not in raw_id
    assert raw_phone and "13912345678" not in raw_phone
    assert _raw(r1, "id_number_hash") == lookup_hash(r1.id_number)


def test_lookup_by_id_number_uses_the_hash(reg):
    found = Resident.objects.get(id_number_hash=lookup_hash(reg["r1"].id_number))
    assert found == reg["r1"]


def test_serializers_never_output_plaintext(reg):
    data = ResidentSerializer(reg["r1"]).data
    assert "id_number" not in data and "phone" not in data
    assert data["masked_id_number"] == reg["r1"].masked_id_number and data["masked_phone"] == "139****5678"
    text = str(HouseholdSerializer(reg["h1"]).data)
    assert reg["r1"].id_number not in text and "13912345678" not in text


def test_admin_shows_masked_values_and_no_plaintext_fields(reg, admin_client):
    response = admin_client.get(reverse("admin:grid_resident_change", args=[reg["r1"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reg["r1"].id_number not in html and "13912345678" not in html and reg["r1"].masked_id_number in html


def test_reveal_needs_reason_returns_value_and_logs(client, reg):
    client.force_login(reg["worker1"])
    url = reverse("grid:reveal", args=[reg["r1"].pk, "id_number"])
    response = client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert "请填写查看事由" in response.content.decode() and not AccessLog.objects.exists()
    response = client.post(url, {"reason": "核对高龄补贴"}, HTTP_HX_REQUEST="true", REMOTE_ADDR="10.1.2.3")
    assert reg["r1"].id_number in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.actor, log.resident, log.field, log.reason, log.ip_address) == (
        reg["worker1"], reg["r1"], "id_number", "核对高龄补贴", "10.1.2.3")
    assert log.created_at is not None


def test_community_admin_may_reveal_phone(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:reveal", args=[reg["r1"].pk, "phone"]), {"reason": "联系家属"})
    assert "13912345678" in response.content.decode()
    assert AccessLog.objects.filter(actor=reg["admin_a1"], field="phone").count() == 1


def test_street_admin_sees_register_but_may_not_reveal(client, reg):
    client.force_login(reg["street_a"])
    response = client.post(reverse("grid:reveal", args=[reg["r1"].pk, "id_number"]), {"reason": "检查"})
    assert response.status_code == 403
    assert "只有该居民所在网格的网格员和本社区管理员" in response.content.decode()
    assert reg["r1"].id_number not in response.content.decode() and not AccessLog.objects.exists()


def test_other_grid_worker_and_window_staff_cannot_reveal(client, reg):
    client.force_login(reg["worker2"])
    assert client.post(reverse("grid:reveal", args=[reg["r1"].pk, "id_number"]), {"reason": "x检查"}).status_code == 404
    client.force_login(reg["window"])
    response = client.post(reverse("grid:reveal", args=[reg["r1"].pk, "id_number"]), {"reason": "x检查"})
    assert response.status_code == 403 and "窗口人员" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_reveal_service_refuses_without_permission(reg):
    from grid.services import reveal_personal_field

    with pytest.raises(NotAllowed):
        reveal_personal_field(actor=reg["street_a"], resident=reg["r1"], field="phone", reason="检查一下")


def _log(reg):
    return AccessLog.objects.create(actor=reg["worker1"], resident=reg["r1"], field="phone", reason="核对")


def test_access_log_refuses_update_and_delete_in_the_model(reg):
    log = _log(reg)
    log.reason = "篡改"
    with pytest.raises(NotAllowed):
        log.save()
    with pytest.raises(NotAllowed):
        log.delete()
    assert AccessLog.objects.get().reason == "核对"


def test_access_log_admin_is_view_only(reg):
    model_admin = admin.site._registry[AccessLog]
    request = RequestFactory().get("/")
    request.user = reg["worker1"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, _log(reg))
    assert not model_admin.has_delete_permission(request)


def test_access_log_database_trigger_refuses_update(reg):
    log = _log(reg)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=log.pk).update(reason="篡改")
    assert AccessLog.objects.get().reason == "核对"


def test_masked_export_by_default(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.get(reverse("grid:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert reg["r1"].masked_id_number in values and reg["r1"].id_number not in values and "林秀英" in values
    assert "黄志强" not in values  # other street
    assert not AccessLog.objects.exists()


def test_full_export_needs_reason_and_logs_each_resident(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:export"), {"reason": "年审核对"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert reg["r1"].id_number in values and "13912345678" in values
    assert set(AccessLog.objects.values_list("resident", "field")) == {(reg["r1"].pk, "export"),
                                                                      (reg["r2"].pk, "export")}


def test_street_admin_cannot_export_full(client, reg):
    client.force_login(reg["street_a"])
    response = client.post(reverse("grid:export"), {"reason": "年审核对"})
    assert response.status_code == 403 and "没有导出完整个人信息的权限" in response.content.decode()


def test_rotate_personal_data_reencrypts_with_newest_key(reg, settings):
    from cryptography.fernet import Fernet

    before = _raw(reg["r1"], "id_number")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    out = io.StringIO()
    call_command("rotate_personal_data", "--rehash", stdout=out)
    after = _raw(reg["r1"], "id_number")
    assert after != before and "re-encrypted 3 residents" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # only the new key now
    resident = Resident.objects.get(pk=reg["r1"].pk)
    assert resident.id_number == reg["r1"].id_number and resident.phone == "13912345678"


def test_no_page_or_api_shows_plaintext_identifiers(client, reg):
    from grid.services import visit_log

    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]])
    client.force_login(reg["worker1"])
    secrets = [reg["r1"].id_number, "13912345678"]
    for url in (reverse("grid:due"), reverse("grid:household_list"), reverse("grid:household_list") + "?q=林",
                reverse("grid:household_detail", args=[reg["h1"].pk]), reverse("grid:visit_create"),
                reverse("grid:visit_create") + f"?household={reg['h1'].pk}",
                reverse("grid:visit_detail", args=[visit.pk]), reverse("grid:coverage"),
                reverse("grid:resident_edit", args=[reg["r1"].pk]), "/api/v1/households/", "/api/v1/residents/",
                f"/api/v1/residents/{reg['r1'].pk}/", "/api/v1/visits/", "/api/v1/due-visits/?horizon=31", "/"):
        body = client.get(url).content.decode()
        assert not any(secret in body for secret in secrets), url


def _search(client, q, **extra):
    return client.post(reverse("grid:household_list"), {"q": q, **extra})


def test_search_by_id_number_or_phone_goes_through_the_hash(client, reg):
    client.force_login(reg["admin_a1"])
    html = client.get(_search(client, reg["r1"].id_number.lower()).url).content.decode()
    assert "林秀英" in html and "陈建国" not in html
    html = client.get(_search(client, "139 1234 5678").url).content.decode()
    assert "林秀英" in html
    client.force_login(reg["worker2"])  # the hash does not cross grids
    assert "没有找到住户" in client.get(_search(client, reg["r1"].id_number).url).content.decode()


@pytest.mark.parametrize("typed", ["id", "139 1234 5678", "+8613912345678"])
def test_search_by_id_or_phone_never_puts_the_number_in_a_url(client, reg, typed):
    client.force_login(reg["admin_a1"])
    typed = reg["r1"].id_number if typed == "id" else typed
    list_page = client.get(reverse("grid:household_list")).content.decode()
    assert '<form method="post" class="row g-2 mb-3" role="search">' in list_page
    response = _search(client, typed, building=reg["r1"].household.building_id)
    assert response.status_code == 302
    digits = typed.replace(" ", "").replace("+86", "")
    assert digits not in response.url and "q=" not in response.url
    assert f"h={lookup_hash(reg['r1'].id_number if len(digits) == 18 else '13912345678')}" in response.url
    page = client.get(response.url)
    assert "林秀英" in page.content.decode() and digits not in page.content.decode()


def test_a_number_in_an_old_get_url_is_moved_to_the_hash(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.get(reverse("grid:household_list"), {"q": reg["r1"].id_number})
    assert response.status_code == 302 and reg["r1"].id_number not in response.url and "h=" in response.url


@pytest.mark.parametrize("partial", ["1391234", "3501021980", "139 1234 567"])
def test_part_of_an_id_or_phone_is_refused_and_kept_out_of_the_url(client, reg, partial):
    client.force_login(reg["admin_a1"])
    response = _search(client, partial)
    assert response.status_code == 302 and response.url == reverse("grid:household_list")
    html = client.get(response.url).content.decode()
    assert "只能按完整号码查找" in html


def test_names_and_doors_still_search_by_get(client, reg):
    client.force_login(reg["admin_a1"])
    response = _search(client, "林秀英")
    assert response.status_code == 302 and "q=" in response.url
    assert "林秀英" in client.get(response.url).content.decode()
    assert "林秀英" in client.get(reverse("grid:household_list"), {"q": "秀英"}).content.decode()


def test_hash_search_paginates_with_the_hash_not_the_number(client, reg):
    from tests.grid.factories import HouseholdFactory

    client.force_login(reg["admin_a1"])
    digest = lookup_hash("13912345678")
    html = client.get(reverse("grid:household_list"), {"h": digest}).content.decode()
    assert "林秀英" in html and "13912345678" not in html
    for index in range(31):
        Resident.objects.create(household=HouseholdFactory(building=reg["b_g1"], door_number=f"9{index:02d}"),
                                name=f"同号{index}", sex="F", phone="13912345678")
    html = client.get(reverse("grid:household_list"), {"h": digest}).content.decode()
    assert f"?h={digest}&" in html and "13912345678" not in html


def test_api_refuses_an_id_or_phone_in_the_query_string(api_client, reg):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.get("/api/v1/households/", {"q": "13912345678"})
    assert response.status_code == 400
    assert "请用 POST /api/v1/households/search/ 查找" in response.json()["errors"]["q"][0]
    assert api_client.get("/api/v1/households/", {"q": "林秀英"}).json()["count"] == 1


def test_api_searches_by_id_or_phone_in_the_body(api_client, reg):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/households/search/", {"identifier": "139 1234 5678"}, format="json")
    assert response.status_code == 200 and [h["id"] for h in response.json()["results"]] == [reg["h1"].pk]
    refused = api_client.post("/api/v1/households/search/", {"identifier": "1391234"}, format="json")
    assert refused.status_code == 400 and "不能按其中几位查找" in refused.json()["errors"]["identifier"][0]
    api_client.force_authenticate(reg["worker2"])  # scoped like the list
    assert api_client.post("/api/v1/households/search/", {"identifier": "13912345678"},
                           format="json").json()["count"] == 0


def test_access_log_page_for_community_admin_only(client, reg):
    AccessLog.objects.create(actor=reg["worker1"], resident=reg["r1"], field="phone", reason="联系家属")
    AccessLog.objects.create(actor=reg["worker1"], resident=reg["r4"], field="phone", reason="别的社区")
    client.force_login(reg["admin_a1"])
    html = client.get(reverse("grid:access_log")).content.decode()
    assert "联系家属" in html and "别的社区" not in html and "网格员甲" in html
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:access_log"))
    assert response.status_code == 403 and "只有社区管理员" in response.content.decode()


@pytest.mark.parametrize("identifier", ["13912345678", "+86 139-1234-5678", " 139 1234 5678 "])
def test_api_search_takes_a_whole_number_written_as_people_write_it(api_client, reg, identifier):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/households/search/", {"identifier": identifier}, format="json")
    assert response.status_code == 200 and [h["id"] for h in response.json()["results"]] == [reg["h1"].pk]


@pytest.mark.parametrize("identifier", ["1391234", "12345678901", "abc", "1391234567x"])
def test_api_search_refuses_what_the_schema_pattern_refuses(api_client, reg, identifier):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/households/search/", {"identifier": identifier}, format="json")
    assert response.status_code == 400 and "不能按其中几位查找" in response.json()["errors"]["identifier"][0]


def test_api_search_applies_the_lists_filters(api_client, reg):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/households/search/?risk_rank=-5", {"identifier": "13912345678"},
                               format="json")
    assert response.status_code == 400 and "risk_rank" in response.json()["errors"]


def test_api_search_page_past_the_last_is_the_documented_404(api_client, reg):
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/households/search/?page=0", {"identifier": "13912345678"}, format="json")
    assert response.status_code == 404 and response.json()["detail"]
