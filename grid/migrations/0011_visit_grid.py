"""A visit records the grid it was made in (copied from the household's building), indexed with the
visit time: the visit lists and counts filter by it instead of joining through the register."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Visit = apps.get_model("grid", "Visit")
    Building = apps.get_model("grid", "Building")
    grid_of = models.Subquery(Building.objects.filter(households__visits=models.OuterRef("pk"))
                              .values("grid_id")[:1])
    if schema_editor.connection.vendor == "postgresql":  # one pass over the table, not a subquery per row
        schema_editor.execute(
            "UPDATE grid_visit v SET grid_id = b.grid_id FROM grid_household h JOIN grid_building b "
            "ON b.id = h.building_id WHERE h.id = v.household_id AND v.grid_id IS NULL")
    else:
        Visit.objects.filter(grid__isnull=True).update(grid=grid_of)


class Migration(migrations.Migration):
    dependencies = [("grid", "0010_household_active_due_index")]

    operations = [
        migrations.AddField(
            model_name="visit", name="grid",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="grid.grid", verbose_name="网格"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="visit", name="grid",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="grid.grid", verbose_name="网格"),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["grid", "-visited_at"], name="visit_grid_recent_idx"),
        ),
    ]
