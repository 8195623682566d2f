"""The rota and swap timelines become core.StatusChange rows: statuses widen from 10 to 12 characters.

Widening a varchar keeps every row (and is a catalogue-only change on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rota', '0001_duty_rota'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rotachange',
            name='from_status',
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AlterField(
            model_name='rotachange',
            name='to_status',
            field=models.CharField(max_length=12),
        ),
        migrations.AlterField(
            model_name='swapchange',
            name='from_status',
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AlterField(
            model_name='swapchange',
            name='to_status',
            field=models.CharField(max_length=12),
        ),
    ]
