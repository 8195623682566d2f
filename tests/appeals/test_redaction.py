"""What the public sees: one redact() for the board and Open311 GET, and Open311 no more precise
than the board (community name, no building, no coordinates)."""

import re
import unicodedata
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from appeals import services
from appeals.models import ApiKey
from appeals.redact import redact

from .conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"

# (as written, what must not survive in any spacing or digit form)
PHONES = [
    ("电话139 1234 5678", "13912345678"),
    ("电话+8613912345601", "13912345601"),
    ("电话 0086 139-1234-5602", "13912345602"),
    ("手机139.1234.5603", "13912345603"),
    ("手机１３９１２３４５６０４", "13912345604"),
    ("手机１３９ １２３４ ５６０５", "13912345605"),
    ("手机139－1234－5606", "13912345606"),
    ("手机＋86 139 1234 5607", "13912345607"),
    ("手机一三九一二三四五六零八", "一三九一二三四五六零八"),
    ("手机139一二三四5609", "139一二三四5609"),
    ("座机0591-8765 4321", "87654321"),
]
IDS = [
    ("身份证350102199001011234", "350102199001011234"),
    ("身份证 350102 19900101 123X", "35010219900101123"),
    ("身份证3501-0219-9001-0112-35", "350102199001011235"),
    ("身份证３５０１０２１９９００１０１１２３Ｘ", "35010219900101123"),
    ("身份证350102 1990 0101 123x", "35010219900101123"),
]
NAMES = [
    ("张三说楼上太吵", "张三"),
    ("“王五说…”", "王五"),
    ("楼下李四反映噪音", "李四"),
    ("找陈小明", "小明"),
    ("联系郑大伟处理", "大伟"),
    ("我叫黄丽丽", "丽丽"),
    ("我是林美华", "美华"),
    ("姓吴的住户", "姓吴"),
    ("赵先生", "赵先生"),
    ("周女士", "周女士"),
    ("蔡阿姨", "蔡阿姨"),
    ("孙大爷", "孙大爷"),
    ("欧阳娜娜说", "娜娜"),
]


def _digits(text: str) -> str:
    """The text's digits with every separator gone, full-width folded: what a reader could rebuild."""
    folded = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    return re.sub(r"[\s\-.．－—–·+＋()（）]", "", folded)


@pytest.mark.parametrize(("text", "secret"), PHONES + IDS)
def test_redact_catches_every_written_form_of_phones_and_ids(text, secret):
    out = redact(text)
    assert _digits(secret) not in _digits(out), out
    assert "已隐藏" in out


@pytest.mark.parametrize(("text", "secret"), NAMES)
def test_redact_catches_names_next_to_a_cue(text, secret):
    out = redact(text)
    assert secret not in out and "*" in out, out


@pytest.mark.parametrize("text", ["物业说会处理", "居民反映路灯坏了", "他说明天来", "请提供联系方式", "找方法解决",
                                  "已联系施工方控制时间", "曾经反映过", "联系物业和社区",
                                  "2026年12月1日 13:30 开会", "3号楼门口的路灯坏了", "价格1300元"])
def test_redact_leaves_ordinary_text(text):
    assert redact(text) == text


def test_redact_keeps_the_surname_and_masks_the_given_name():
    assert redact("我叫张三丰") == "我叫张**" and redact("张三说") == "张*说" and redact("王先生") == "*先生"


# --- on the board and in Open311, JSON and XML ------------------------------------------------

ALL_FORMS = "；".join(text for text, _secret in PHONES + IDS + NAMES)


@pytest.fixture
def published(people, categories, territory):
    """A resolved, published appeal at building 1 whose text and reply carry every form."""
    appeal = submit(people["resident"], category=categories["noise"], text=ALL_FORMS[:1900],
                    latitude=Decimal("26.061234"), longitude=Decimal("119.310987"))
    services.appeal_accept(appeal=appeal, actor=people["admin_a1"])
    services.appeal_reply(appeal=appeal, actor=people["admin_a1"], resolve=True,
                   text="已联系蔡阿姨，回电139 8765 4322，身份证 350102 19900101 1236 已核对")
    return appeal


def _assert_clean(body: str):
    digits = _digits(body)
    for _text, secret in PHONES + IDS:
        assert _digits(secret) not in digits, secret
    for secret in ("13987654322", "350102199001011236"):
        assert secret not in digits, secret
    for _text, secret in NAMES:
        assert secret not in body, secret


def test_board_html_shows_no_phone_id_or_name_form(client, published):
    html = client.get(reverse("appeals:board")).content.decode()
    assert published.number in html
    _assert_clean(html)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_get_shows_no_phone_id_or_name_form(client, published, fmt):
    for url in (f"{BASE}/requests.{fmt}", f"{BASE}/requests/{published.number}.{fmt}"):
        body = client.get(url).content.decode()
        assert published.number in body
        _assert_clean(body)


def _open311_entry(client, number, fmt):
    response = client.get(f"{BASE}/requests/{number}.{fmt}")
    if fmt == "json":
        return response.json()[0]
    request = ElementTree.fromstring(response.content).find("request")
    return {child.tag: child.text for child in request}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_get_is_no_more_precise_than_the_board(client, published, territory, fmt):
    board = client.get(reverse("appeals:board")).context["entries"]
    place = next(e["place"] for e in board if e["number"] == published.number)
    entry = _open311_entry(client, published.number, fmt)
    assert entry["address"] == place == territory["a1"].name
    assert entry["address_id"] in ("", None) and entry["lat"] in (None, "") and entry["long"] in (None, "")
    assert territory["g1"].name not in entry["agency_responsible"]
    body = client.get(f"{BASE}/requests/{published.number}.{fmt}").content.decode()
    for precise in ("26.06", "119.31", territory["b_g1"].address, territory["b_g1"].name):
        assert precise not in body, precise


def test_open311_filer_gets_the_public_precision_too(client, categories, territory):
    raw = ApiKey.generate()
    key = ApiKey(system_name="12345热线")
    key.set_key(raw)
    key.save()
    created = client.post(f"{BASE}/requests.json", {
        "api_key": raw, "service_code": "noise", "address_id": territory["b_g2"].pk, "lat": "26.070001",
        "long": "119.320001", "description": "夜里施工很吵，联系王建国13912340000", "attribute[publish]": "no"}).json()
    number = created[0]["service_request_id"]
    entry = client.get(f"{BASE}/requests/{number}.json", {"api_key": raw}).json()[0]
    assert entry["address"] == territory["a1"].name and entry["lat"] is None and entry["address_id"] == ""
    assert "13912340000" not in entry["description"] and "王建国" not in entry["description"]
    assert territory["b_g2"].address not in str(entry) and "26.07" not in str(entry)


def test_open311_names_the_community_not_the_grid_holding_the_case(client, appeal, territory):
    assert appeal.level == "grid"
    entry = _open311_entry(client, appeal.number, "json")
    assert entry["agency_responsible"] == territory["a1"].name
    assert "网格" not in entry["agency_responsible"] and "网格" not in entry["service_notice"]
