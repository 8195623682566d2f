"""The appeal timeline takes the shared history row's names: text → note, created_at → at.

Renames only: the columns keep their rows, the index on the time column stays.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0007_appeal_board_and_staff_list_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="appealevent", old_name="text", new_name="note"),
        migrations.RenameField(model_name="appealevent", old_name="created_at", new_name="at"),
        migrations.AlterModelOptions(
            name="appealevent",
            options={"ordering": ["at", "pk"], "verbose_name": "诉求记录", "verbose_name_plural": "诉求记录"},
        ),
    ]
