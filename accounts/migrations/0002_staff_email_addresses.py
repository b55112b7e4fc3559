"""Staff sign in to Wagtail admin through the site's sign-in (allauth) since 2FA became required, and allauth lets
only confirmed e-mail addresses in. Accounts made before (`createsuperuser`, Wagtail's Users screen) have no
allauth e-mail record: give every person who may enter the admin a confirmed, primary one for the address they
already sign in with, so nobody is locked out by the upgrade."""

from django.db import migrations
from django.db.models import Q


def confirm_staff_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    admin_access = Q(is_superuser=True) | Q(
        groups__permissions__codename="access_admin", groups__permissions__content_type__app_label="wagtailadmin"
    )
    staff = (
        User.objects.filter(admin_access, is_active=True)
        .exclude(email="")
        .exclude(emailaddress__isnull=False)
        .distinct()
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email.lower(), verified=True, primary=True) for user in staff],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(confirm_staff_addresses, migrations.RunPython.noop)]
