"""Territory on what admins manage in the appeals app: Open311 keys per street, district-wide lists."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from appeals.models import ApiKey, CannedReply

pytestmark = pytest.mark.django_db


def _key(name, street=None):
    key = ApiKey(system_name=name, street=street)
    key.set_key(ApiKey.generate())
    key.save()
    return key


@pytest.fixture
def keys(territory):
    return {"a": _key("甲街道网格通", territory["street_a"]), "b": _key("乙街道网格通", territory["street_b"]),
            "district": _key("12345热线")}


def test_street_admin_sees_and_toggles_only_their_streets_keys(client, people, keys):
    client.force_login(people["street_a"])
    page = client.get(reverse("appeals:api_keys")).content.decode()
    assert "甲街道网格通" in page and "乙街道网格通" not in page and "12345热线" not in page
    assert client.post(reverse("appeals:api_key_toggle", args=[keys["a"].pk])).status_code == 302
    for other in (keys["b"], keys["district"]):
        assert client.post(reverse("appeals:api_key_toggle", args=[other.pk])).status_code == 404
    states = dict(ApiKey.objects.values_list("system_name", "is_active"))
    assert states == {"甲街道网格通": False, "乙街道网格通": True, "12345热线": True}


def test_district_admin_sees_and_toggles_every_key(client, people, keys):
    client.force_login(people["district"])
    page = client.get(reverse("appeals:api_keys")).content.decode()
    assert all(k.system_name in page for k in keys.values())
    for key in keys.values():
        assert client.post(reverse("appeals:api_key_toggle", args=[key.pk])).status_code == 302
    assert not ApiKey.objects.filter(is_active=True).exists()


def test_a_street_admins_new_key_belongs_to_their_street(client, people, territory):
    client.force_login(people["street_a"])
    # A street admin cannot widen the key: a posted street is ignored (the field is not offered).
    client.post(reverse("appeals:api_keys"), {"system_name": "甲街道新系统", "street": territory["street_b"].pk})
    assert ApiKey.objects.get().street == territory["street_a"]


def test_a_district_admin_issues_district_wide_or_street_keys(client, people, territory):
    client.force_login(people["district"])
    client.post(reverse("appeals:api_keys"), {"system_name": "全区系统"})
    client.post(reverse("appeals:api_keys"), {"system_name": "乙街道系统", "street": territory["street_b"].pk})
    assert dict(ApiKey.objects.values_list("system_name", "street")) == {
        "全区系统": None, "乙街道系统": territory["street_b"].pk}


def test_existing_keys_become_district_wide():
    # The migration adds the street as nullable: a key from before it has none, i.e. district-wide.
    assert ApiKey._meta.get_field("street").null
    assert _key("老系统").street is None


def _staff_in_admin(user, *codenames):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_django_admin_scopes_keys_to_the_street(client, people, keys, territory):
    user = _staff_in_admin(people["street_a"], "view_apikey", "change_apikey")
    client.force_login(user)
    listing = client.get(reverse("admin:appeals_apikey_changelist")).content.decode()
    assert "甲街道网格通" in listing and "乙街道网格通" not in listing and "12345热线" not in listing
    other = client.get(reverse("admin:appeals_apikey_change", args=[keys["b"].pk]))
    assert other.status_code == 302  # Django admin's answer for a row outside the queryset
    response = client.post(reverse("admin:appeals_apikey_change", args=[keys["b"].pk]),
                           {"system_name": "乙街道网格通", "street": territory["street_b"].pk})
    assert response.status_code == 302
    keys["b"].refresh_from_db()
    assert keys["b"].is_active
    form = client.get(reverse("admin:appeals_apikey_change", args=[keys["a"].pk])).context["adminform"].form
    assert list(form.fields["street"].queryset) == [territory["street_a"]] and form.fields["street"].required


def test_django_admin_district_lists_are_read_only_below_the_district(client, people, categories):
    from taijiang.workdays.models import CalendarDay

    day = CalendarDay.objects.create(date="2026-10-01", kind="holiday", name="国庆节")
    user = _staff_in_admin(people["street_a"], "view_category", "change_category", "view_calendarday",
                           "change_calendarday", "delete_calendarday", "add_calendarday")
    client.force_login(user)
    assert client.get(reverse("admin:workdays_calendarday_changelist")).status_code == 200
    assert client.get(reverse("admin:workdays_calendarday_add")).status_code == 403
    client.post(reverse("admin:workdays_calendarday_change", args=[day.pk]),
                {"date": "2026-10-02", "kind": "workday", "name": "改"})
    day.refresh_from_db()
    assert day.name == "国庆节"
    assert client.post(reverse("admin:workdays_calendarday_delete", args=[day.pk]), {"post": "yes"}).status_code == 403
    noise = categories["noise"]
    client.post(reverse("admin:appeals_category_change", args=[noise.pk]), {"name": "改掉"})
    noise.refresh_from_db()
    assert noise.name != "改掉"


def test_street_admin_reads_but_cannot_change_categories_or_canned_replies(client, people, categories):
    reply = CannedReply.objects.create(title="已转物业", text="已转交物业处理。")
    client.force_login(people["street_a"])
    page = client.get(reverse("appeals:categories")).content.decode()
    assert "噪音" in page and reverse("appeals:category_create") not in page
    assert "由区级管理员维护" in client.get(reverse("appeals:canned_replies")).content.decode()
    refused = [
        client.get(reverse("appeals:category_edit", args=[categories["noise"].pk])),
        client.post(reverse("appeals:category_create"), {"code": "x", "name": "x"}),
        client.post(reverse("appeals:canned_edit", args=[reply.pk]), {"title": "改", "text": "改"}),
        client.post(reverse("appeals:canned_delete", args=[reply.pk])),
    ]
    for response in refused:
        assert response.status_code == 403
        assert "诉求分类和常用答复全区通用，只有区级管理员可以修改" in response.content.decode()
    reply.refresh_from_db()
    assert reply.title == "已转物业"
