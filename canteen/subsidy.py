"""The meal subsidy (助餐补贴), computed from the register and the district's tier table.

Never typed by hand: `subsidy_for` is the one rule, `order_place` freezes its answer on the order.

    age on the meal date    from the register's birth date, else from the 18-digit ID number
    applicable tier         age within [min_age, max_age] and, when the tier names a tag, the tag held
    subsidy                 the highest applicable amount, capped at the meal's price
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .models import SubsidyTier

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Subsidy:
    amount: Decimal
    tier: str  # the tier's name, "" when none applies
    age: int | None


def birth_date_of(resident) -> datetime.date | None:
    """The register's birth date, or the one written in an 18-digit ID number (digits 7–14)."""
    if resident.birth_date:
        return resident.birth_date
    number = (resident.id_number or "").strip()
    if len(number) == 18 and number[6:14].isdigit():
        try:
            return datetime.datetime.strptime(number[6:14], "%Y%m%d").date()
        except ValueError:
            return None
    return None


def age_on(birth: datetime.date | None, day: datetime.date) -> int | None:
    """Whole years on `day` (a 29 February birthday counts from 1 March in other years)."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def active_tiers() -> list[SubsidyTier]:
    return list(SubsidyTier.objects.filter(is_active=True).order_by("-amount", "name"))


def subsidy_for(*, age: int | None, tag_ids, price: Decimal, tiers: list[SubsidyTier]) -> Subsidy:
    """The highest tier that applies, never above `price`. No age known: only tag-only tiers apply."""
    tag_ids = set(tag_ids)
    best = None
    for tier in tiers:
        if not tier.is_active:
            continue
        if tier.min_age is not None and (age is None or age < tier.min_age):
            continue
        if tier.max_age is not None and (age is None or age > tier.max_age):
            continue
        if tier.tag_id is not None and tier.tag_id not in tag_ids:
            continue
        if best is None or tier.amount > best.amount:
            best = tier
    if best is None:
        return Subsidy(amount=ZERO, tier="", age=age)
    return Subsidy(amount=min(best.amount, price).quantize(Decimal("0.01")), tier=best.name, age=age)


def resident_subsidy(*, resident, day: datetime.date, price: Decimal, tiers: list[SubsidyTier] | None = None) -> Subsidy:
    tiers = active_tiers() if tiers is None else tiers
    tag_ids = [tag.pk for tag in resident.tags.all()]
    return subsidy_for(age=age_on(birth_date_of(resident), day), tag_ids=tag_ids, price=price, tiers=tiers)
