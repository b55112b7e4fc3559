"""The "Lokaludvalg" group: it opens Wagtail admin to the members of the local committees, and does nothing else.

Who sits on which committee, with which role, is `CommitteeMembership` alone (the one source of truth that
`budgeting.rules` asks); `budgeting.services.committees` puts members in this group and takes them out when
they leave their last committee. The group has no model permissions: the committee screens ask the rules.
Existing members are added here, so that a database with memberships from before this migration stays right.
"""

from django.db import migrations

GROUP = "Lokaludvalg"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    CommitteeMembership = apps.get_model("budgeting", "CommitteeMembership")
    group, _created = Group.objects.get_or_create(name=GROUP)
    access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access is not None:
        group.permissions.add(access)
    user_ids = set(CommitteeMembership.objects.values_list("user_id", flat=True))
    if user_ids:
        group.user_set.add(*user_ids)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0003_post_vote"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
