"""Keep the API clients of DRF's old tokens working: each key in ``authtoken_token`` (the
table ``rest_framework.authtoken`` left behind) becomes one of our tokens, stored as its
hash, expiring ``API_TOKEN_DAYS`` after this migration. The old table is left as it was."""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def copy_legacy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user_id=user_id,
                name="DRF token (migrated)",
                prefix=key[:8],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                expires_at=expires,
            )
            for key, user_id in rows
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_apitoken")]

    operations = [migrations.RunPython(copy_legacy_tokens, migrations.RunPython.noop)]
