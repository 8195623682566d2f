"""Give the catalogue's standard items the words residents search with (issue #15.3).

Only items whose aliases are still empty are filled, so an administrator's own wording is kept.
The words come from services.catalogue_data.ALIASES as it stood when this migration was written;
later edits to that list reach new databases through seed_demo, not through this migration."""

from django.db import migrations


def fill(apps, schema_editor):
    from services.catalogue_data import ALIASES

    ServiceItem = apps.get_model("services", "ServiceItem")
    for item in ServiceItem.objects.filter(code__in=list(ALIASES), aliases=""):
        item.aliases = "\n".join(ALIASES[item.code])
        item.save(update_fields=["aliases"])


class Migration(migrations.Migration):
    dependencies = [("services", "0003_serviceitem_aliases")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
