"""API tokens moved to django-rest-knox (hashed, expiring). The old rest_framework.authtoken table held
every token key in clear and is no longer read by anything: drop it, so the keys do not live on in
backups. Nothing to do on a database that never had it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("users", "0002_must_change_password"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
