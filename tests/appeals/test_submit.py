import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from appeals import services
from appeals.models import Appeal, AppealPhoto, Level
from appeals.selectors import suggest_category
from taijiang.core.exceptions import NotAllowed, RateLimited
from taijiang.notifications.models import Notification

from .conftest import jpeg, submit

pytestmark = pytest.mark.django_db


def test_submission_gets_tracking_number_and_resident_is_notified(people, categories):
    appeal = submit(people["resident"])
    assert re.fullmatch(r"YSS-\d{8}-0001", appeal.number)
    assert submit(people["neighbour"]).number.endswith("-0002")
    note = Notification.objects.get(recipient=people["resident"], event="appeals.submitted")
    assert appeal.number in note.title and "第一网格" in note.body


def test_appeal_lands_on_the_grid_of_the_residents_own_building(people, territory, categories):
    appeal = submit(people["resident"], category=categories["sanitation"])
    assert (appeal.level, appeal.grid, appeal.building) == (Level.GRID, territory["g1"], territory["b_g1"])
    assert Notification.objects.filter(recipient=people["worker_g1"], event="appeals.assigned").exists()
    assert not Notification.objects.filter(recipient=people["worker_g2"]).exists()


def test_another_building_routes_to_its_grid(people, territory, categories):
    appeal = submit(people["resident"], building=territory["b_g3"])
    assert appeal.grid == territory["g3"] and appeal.community == territory["a2"]


def test_free_address_naming_a_building_finds_its_grid(people, territory):
    appeal = submit(people["resident"], address="2号楼后面的空地")
    assert appeal.grid == territory["g2"] and appeal.address == "2号楼后面的空地"


def test_unknown_address_goes_to_the_residents_community(people, territory):
    appeal = submit(people["resident"], address="江滨路某处绿化带")
    assert appeal.level == Level.COMMUNITY and appeal.community == territory["a1"] and appeal.grid is None


def test_browser_location_finds_the_nearest_building(people, territory):
    from decimal import Decimal

    b = territory["b_g4"]
    b.latitude, b.longitude = Decimal("26.050000"), Decimal("119.300000")
    b.save()
    appeal = submit(people["resident"], address="", latitude=Decimal("26.050500"), longitude=Decimal("119.300300"))
    assert appeal.building == b and appeal.grid == territory["g4"]


def test_category_default_level_above_the_grid_wins(people, categories):
    appeal = submit(people["resident"], category=categories["illegal-building"])
    assert appeal.level == Level.STREET and appeal.street_id == people["resident"].community.street_id


def test_no_text_and_no_photo_is_refused(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        submit(people["resident"], text="  ")
    assert "至少拍一张照片" in str(info.value)
    assert not Appeal.objects.exists()


def test_photo_only_is_enough(people):
    appeal = submit(people["resident"], text="", photos=[jpeg()])
    assert appeal.photos.count() == 1


def test_stored_photo_has_no_exif_and_a_random_name(people):
    appeal = submit(people["resident"], photos=[jpeg(gps=True, name="IMG_GPS.jpg")])
    photo = appeal.photos.get()
    assert "IMG_GPS" not in photo.image.name and photo.image.name.startswith("appeals/")
    with photo.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        exif = stored.getexif()
        assert not exif and not exif.get_ifd(0x8825)


def test_staff_cannot_use_the_resident_form(people):
    with pytest.raises(NotAllowed):
        submit(people["worker_g1"])


def test_account_rate_limit_refuses_submissions_beyond_the_limit(people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "3/h"}
    for _ in range(3):
        submit(people["resident"])
    with pytest.raises(RateLimited) as info:
        submit(people["resident"])
    assert "提交过于频繁" in str(info.value.message)
    submit(people["neighbour"])  # another account is not affected


def test_rate_limit_is_per_account_not_per_address(people, settings):
    # Behind the reverse proxy or a shared NAT everyone has the same address: one resident using up
    # the limit must not block 易说事 for the others.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "2/h"}
    submit(people["resident"], ip="10.0.0.9")
    submit(people["resident"], ip="10.0.0.9")
    with pytest.raises(RateLimited) as info:
        submit(people["resident"], ip="10.0.0.10")  # another address does not reset the account
    assert info.value.retry_after >= 1
    assert submit(people["neighbour"], ip="10.0.0.9").pk


def test_suggest_category_from_keywords(categories):
    assert suggest_category("小区门口的路灯不亮，井盖也松了") == categories["municipal"]
    assert suggest_category("楼上半夜噪音太吵") == categories["noise"]
    assert suggest_category("今天天气不错") is None


# --- the page -------------------------------------------------------------------------

def _post(client, **data):
    payload = {"text": "", "contact_preference": "inapp", **data}
    return client.post(reverse("appeals:submit"), payload)


def test_page_submission_shows_the_tracking_number(client, people, categories):
    client.force_login(people["resident"])
    response = _post(client, text="楼下路灯坏了", photos=[jpeg()], category=categories["municipal"].pk)
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])
    page = client.get(response.url).content.decode()
    assert appeal.number in page and "甲一社区" in page  # 市政设施 starts at the community


def test_page_tenth_photo_is_refused_and_text_kept(client, people):
    client.force_login(people["resident"])
    response = _post(client, text="井盖丢了很危险", photos=[jpeg(name=f"p{i}.jpg") for i in range(10)])
    html = response.content.decode()
    assert response.status_code == 400 and "最多上传 9 张照片" in html and "井盖丢了很危险" in html
    assert not Appeal.objects.exists()


def test_page_pdf_renamed_jpg_is_refused_naming_the_file(client, people):
    client.force_login(people["resident"])
    fake = SimpleUploadedFile("lamp.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = _post(client, text="路灯坏了", photos=[jpeg(), fake])
    html = response.content.decode()
    assert response.status_code == 400 and "lamp.jpg" in html and "不是有效的图片" in html and "路灯坏了" in html
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


def test_page_image_bomb_is_refused(client, people):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")
    client.force_login(people["resident"])
    response = _post(client, text="看图", photos=[SimpleUploadedFile("big.png", out.getvalue())])
    assert response.status_code == 400 and "像素过大" in response.content.decode()


def test_page_empty_submission_shows_a_message(client, people):
    client.force_login(people["resident"])
    response = _post(client)
    assert response.status_code == 400 and "至少拍一张照片" in response.content.decode()


def test_page_rate_limit_answers_429_with_a_message(client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "1/h"}
    client.force_login(people["resident"])
    assert _post(client, text="第一次").status_code == 302
    response = _post(client, text="第二次")
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert "第二次" in response.content.decode()


def test_page_has_camera_input_and_location_fields(client, people):
    client.force_login(people["resident"])
    html = client.get(reverse("appeals:submit")).content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html and "multiple" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html and "locate-btn" in html


def test_suggestion_endpoint_renders_the_category(client, people, categories):
    client.force_login(people["resident"])
    html = client.get(reverse("appeals:suggest"), {"text": "广场舞噪音扰民"}).content.decode()
    assert "噪音扰民" in html


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("appeals:submit"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_numbers(territory):
    import threading

    from django.db import connection

    from tests import factories

    residents = [factories.resident(building=territory["b_g1"]) for _ in range(8)]
    numbers, errors = [], []

    def work(user):
        try:
            numbers.append(services.appeal_submit(actor=user, text="并发提交").number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in residents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(numbers)) == 8
    assert sorted(int(n[-4:]) for n in numbers) == list(range(1, 9))
