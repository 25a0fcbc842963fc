from django.db import migrations, models
from django.db.models import F


def mark_tokens_issued_with_a_code(apps, schema_editor):
    """A token issued while its user had a confirmed device was issued after a one-time code
    (the token endpoint asks for it then). Every other existing token counts as issued without
    one, so it stops working wherever the role requires two-factor authentication."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(
        user__totp_device__confirmed_at__isnull=False,
        user__totp_device__confirmed_at__lte=F("created_at"),
    ).update(second_factor=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_email_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="second_factor",
            field=models.BooleanField(default=False, verbose_name="issued after a second factor"),
        ),
        migrations.RunPython(mark_tokens_issued_with_a_code, migrations.RunPython.noop),
    ]
