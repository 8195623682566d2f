"""The district's default meal-subsidy table (admins change it in the admin): docs/canteen.md."""

from decimal import Decimal

from django.db import migrations

# name, min_age, max_age, tag code (grid's default tags), yuan per meal
DEFAULT_TIERS = [
    ("60–79岁老人", 60, 79, None, Decimal("3.00")),
    ("80岁及以上高龄老人", 80, None, None, Decimal("5.00")),
    ("低保老人", 60, None, "dibao", Decimal("8.00")),
    ("特困老人", 60, None, "destitute", Decimal("8.00")),
    ("失能老人", 60, None, "disabled-elderly", Decimal("8.00")),
]


def add_tiers(apps, schema_editor):
    SubsidyTier = apps.get_model("canteen", "SubsidyTier")
    Tag = apps.get_model("grid", "Tag")
    for name, min_age, max_age, tag_code, amount in DEFAULT_TIERS:
        tag = Tag.objects.filter(code=tag_code).first() if tag_code else None
        if tag_code and tag is None:
            continue
        SubsidyTier.objects.get_or_create(name=name, defaults={"min_age": min_age, "max_age": max_age, "tag": tag,
                                                               "amount": amount})


class Migration(migrations.Migration):
    dependencies = [("canteen", "0001_canteens_meals_orders"), ("grid", "0005_default_tags")]

    operations = [migrations.RunPython(add_tiers, migrations.RunPython.noop)]
