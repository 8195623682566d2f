"""Issue #15.3: residents search the catalogue in their own words; the first answer is the right item."""

import pytest
from django.urls import reverse

from services.demo import seed_catalogue
from services.models import ServiceItem
from services.selectors import public_items

pytestmark = pytest.mark.django_db

# What residents type at the centre's kiosk or on their phone, and the item they mean.
EVERYDAY = [
    ("老人补贴", "mz-gaoling"),
    ("高龄补贴", "mz-gaoling"),
    ("80岁补贴", "mz-gaoling"),
    ("养老金", "rs-yanglao-daiyu"),
    ("领退休金", "rs-yanglao-daiyu"),
    ("养老金认证", "rs-renzheng"),
    ("低保", "mz-dibao"),
    ("怎么申请低保", "mz-dibao"),
    ("dibao", "mz-dibao"),
    ("glbt", "mz-gaoling"),
    ("低包", "mz-dibao"),
    ("狗证", "qt-yangquan"),
    ("养狗要办什么", "qt-yangquan"),
    ("准生证", "wj-shengyu"),
    ("生孩子", "wj-shengyu"),
    ("暂住证", "ga-juzhuzheng"),
    ("居住证", "ga-juzhuzheng"),
    ("失业", "rs-shiye"),
    ("找工作", "rs-shiye"),
    ("医保", "rs-yibao"),
    ("交医保", "rs-yibao"),
    ("家庭医生", "wj-qianyue"),
    ("老人体检", "wj-tijian"),
    ("免费体检", "wj-tijian"),
    ("残疾证", "cl-new"),
    ("残疾证换证", "cl-renew"),
    ("轮椅", "cl-fuju"),
    ("办丧事", "mz-binzang"),
    ("装电梯", "qt-dianti"),
    ("老人吃饭", "qt-changzhe"),
    ("长者食堂", "qt-changzhe"),
    ("转党关系", "dw-zhuanjie"),
    ("入党", "dw-rudang"),
    ("邻居吵架", "qt-tiaojie"),
    ("打官司", "qt-falv"),
    ("公租房", "qt-gongzu"),
    ("老年证", "mz-youdai"),
    ("当志愿者", "qt-zhiyuan"),
    ("军人优待证", "jr-youdaizheng"),
    ("创业贷款", "rs-chuangye"),
    ("孕妇建档", "wj-yunchan"),
    ("居住证明", "qt-juzhu"),
    ("困难党员", "dw-bangfu"),
    ("最低生活保障申请", "mz-dibao"),
]


@pytest.fixture
def catalogue(db):
    seed_catalogue()


@pytest.mark.parametrize("query, code", EVERYDAY)
def test_everyday_words_find_the_item_first(catalogue, query, code):
    found = list(public_items(query=query).values_list("code", flat=True))
    assert found[:1] == [code], found[:5]


def test_the_list_holds_at_least_thirty_queries():
    assert len(EVERYDAY) >= 30


def test_items_named_for_the_words_come_before_those_that_only_ask_for_them(catalogue):
    found = list(public_items(query="残疾人证").values_list("code", flat=True))
    named = {"cl-new", "cl-renew", "cl-transfer"}
    assert set(found[:3]) == named
    # items that merely list 残疾人证 among their materials do not crowd the answer
    assert "mz-kncj" not in found[:3]


def test_a_word_only_on_material_lists_still_finds_the_items_that_ask_for_it(catalogue):
    found = set(public_items(query="存折").values_list("code", flat=True))
    assert "mz-dibao" in found


def test_nothing_found_is_an_empty_answer_not_everything(catalogue):
    assert not public_items(query="火星移民").exists()


def test_aliases_an_administrator_adds_are_searched_at_once(catalogue):
    item = ServiceItem.objects.get(code="qt-juzhu")
    item.aliases += "\n开个证明"
    item.save()
    assert list(public_items(query="开个证明").values_list("code", flat=True))[:1] == ["qt-juzhu"]


def test_group_filter_still_applies_to_a_search(catalogue):
    found = set(public_items(query="补贴", group="civil").values_list("group", flat=True))
    assert found == {"civil"}


def test_the_page_and_the_api_answer_in_the_same_order(client, catalogue):
    page = client.get(reverse("services:catalogue"), {"q": "老人补贴"})
    assert [i.code for i in page.context["items"]][:1] == ["mz-gaoling"]
    api = client.get("/api/v1/catalogue/items/", {"q": "老人补贴"}).json()
    rows = api["results"] if isinstance(api, dict) else api
    assert rows[0]["code"] == "mz-gaoling"
