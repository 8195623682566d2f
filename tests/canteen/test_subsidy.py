"""Known answers of the subsidy rule (the default table: 60–79 ¥3, 80+ ¥5, 低保/特困/失能 60+ ¥8)."""

import datetime
from decimal import Decimal

import pytest

from canteen.models import SubsidyTier
from canteen.subsidy import active_tiers, age_on, birth_date_of, resident_subsidy, subsidy_for
from grid.models import Resident, Tag

pytestmark = pytest.mark.django_db

D = Decimal
TEN = D("10.00")


def tags(*codes):
    return [tag.pk for tag in Tag.objects.filter(code__in=codes)]


@pytest.mark.parametrize(("age", "codes", "price", "amount", "tier"), [
    (59, [], TEN, D("0.00"), ""),
    (60, [], TEN, D("3.00"), "60–79岁老人"),
    (79, [], TEN, D("3.00"), "60–79岁老人"),
    (80, [], TEN, D("5.00"), "80岁及以上高龄老人"),
    (101, [], TEN, D("5.00"), "80岁及以上高龄老人"),
    (59, ["dibao"], TEN, D("0.00"), ""),  # the canteen's subsidy is for elders
    (60, ["dibao"], TEN, D("8.00"), "低保老人"),
    (85, ["disabled-elderly"], TEN, D("8.00"), "失能老人"),
    (85, ["dibao", "disabled-elderly"], TEN, D("8.00"), None),  # combined statuses: the highest, not the sum
    (70, ["living-alone-elderly"], TEN, D("3.00"), "60–79岁老人"),  # 独居 alone carries no tier of its own
    (90, ["dibao"], D("6.00"), D("6.00"), "低保老人"),  # capped at the price
    (90, [], D("0.00"), D("0.00"), "80岁及以上高龄老人"),  # a free meal: nothing to subsidise
    (None, ["dibao"], TEN, D("0.00"), ""),  # no age known: age-bound tiers do not apply
])
def test_subsidy_known_answers(age, codes, price, amount, tier):
    result = subsidy_for(age=age, tag_ids=tags(*codes), price=price, tiers=active_tiers())
    assert result.amount == amount
    if tier is not None:
        assert result.tier == tier


def test_inactive_tier_is_ignored_and_a_tag_only_tier_applies_without_age():
    SubsidyTier.objects.filter(name="80岁及以上高龄老人").update(is_active=False)
    assert subsidy_for(age=85, tag_ids=[], price=TEN, tiers=active_tiers()).amount == D("0.00")  # 60–79 ends at 79
    veteran = Tag.objects.get(code="veteran")
    SubsidyTier.objects.create(name="退役军人", tag=veteran, amount=D("4.00"))
    assert subsidy_for(age=None, tag_ids=[veteran.pk], price=TEN, tiers=active_tiers()).amount == D("4.00")


@pytest.mark.parametrize(("birth", "day", "age"), [
    (datetime.date(1946, 3, 1), datetime.date(2026, 2, 28), 79),
    (datetime.date(1946, 3, 1), datetime.date(2026, 3, 1), 80),
    (datetime.date(1944, 2, 29), datetime.date(2026, 2, 28), 81),
    (datetime.date(1944, 2, 29), datetime.date(2026, 3, 1), 82),
])
def test_age_on_the_meal_date(birth, day, age):
    assert age_on(birth, day) == age


def test_birth_date_comes_from_the_id_number_when_the_register_has_none():
    assert birth_date_of(Resident(id_number="350103194603011234")) == datetime.date(1946, 3, 1)
    assert birth_date_of(Resident(id_number="35010319460399123X")) is None  # no such day
    assert birth_date_of(Resident(id_number="")) is None
    assert birth_date_of(Resident(birth_date=datetime.date(1950, 1, 1), id_number="350103194603011234")) == \
        datetime.date(1950, 1, 1)


def test_resident_turning_80_on_the_meal_date_gets_the_80_tier(world):
    from tests.canteen import factories as cf

    day = datetime.date(2030, 6, 1)
    elder = cf.person(cf.household(world["b_g1"]), age=None, name="寿星")
    elder.birth_date = datetime.date(1950, 6, 1)
    elder.save()
    assert resident_subsidy(resident=elder, day=day, price=TEN).amount == D("5.00")
    assert resident_subsidy(resident=elder, day=day - datetime.timedelta(days=1), price=TEN).amount == D("3.00")


def test_default_tiers_are_seeded_by_the_migration():
    assert {t.name: t.amount for t in SubsidyTier.objects.all()} == {
        "60–79岁老人": D("3.00"), "80岁及以上高龄老人": D("5.00"), "低保老人": D("8.00"), "特困老人": D("8.00"),
        "失能老人": D("8.00")}


def test_database_refuses_a_negative_amount_and_an_inverted_age_range():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyTier.objects.create(name="负数", amount=D("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyTier.objects.create(name="倒置", min_age=80, max_age=60, amount=D("1"))
