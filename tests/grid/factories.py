import datetime

import factory

from grid.models import Household, Resident, Tag, Visit
from taijiang.core.validators import id_number_with_check_digit
from tests.factories import BuildingFactory


def valid_id(birth: datetime.date, serial: int = 11, male: bool = True) -> str:
    """A valid ID number; the 17th digit is odd for men. Unique per (birth, serial) for serial < 500."""
    code = (serial * 2 + (1 if male else 0)) % 1000
    return id_number_with_check_digit(f"350103{birth:%Y%m%d}{code:03d}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"tag-{n}")
    name = factory.Sequence(lambda n: f"标签{n}")
    tier = Tag.Tier.GENERAL


def high_risk_tag():
    return TagFactory(code="living-alone-elderly", name="独居老人", tier=Tag.Tier.HIGH_RISK)


def key_group_tag():
    return TagFactory(code="disabled", name="残疾人", tier=Tag.Tier.KEY_GROUP)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    building = factory.SubFactory(BuildingFactory)
    door_number = factory.Sequence(lambda n: f"{100 + n}")


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"居民{n}")
    sex = "M"
    birth_date = datetime.date(1950, 3, 1)
    phone = factory.Sequence(lambda n: f"138{n:08d}")

    @factory.lazy_attribute_sequence
    def id_number(self, n):
        return valid_id(self.birth_date, serial=n, male=self.sex == "M") if self.birth_date else ""


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    household = factory.SubFactory(HouseholdFactory)
    worker = None
    outcome = Visit.Outcome.MET
