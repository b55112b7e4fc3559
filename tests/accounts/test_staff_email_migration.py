"""Upgrading to staff 2FA locks nobody out: staff accounts made before get a confirmed e-mail record (migration
accounts 0002), so allauth's sign-in lets them in; citizens are left as they are."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0002_staff_email_addresses")


def test_staff_made_before_get_a_confirmed_address_and_citizens_do_not(django_user_model):
    superuser = django_user_model.objects.create_superuser(email="Chef@Example.dk", password="x")
    editors = Group.objects.create(name="Redaktører i test")
    editors.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    editor = django_user_model.objects.create_user(email="redaktoer@example.dk", password="x")
    editor.groups.add(editors)
    citizen = django_user_model.objects.create_user(email="borger@example.dk", password="x")
    already = django_user_model.objects.create_user(email="kendt@example.dk", password="x", is_superuser=True)
    EmailAddress.objects.create(user=already, email="kendt@example.dk", verified=False, primary=True)

    migration.confirm_staff_addresses(apps, None)

    confirmed = {
        (address.user_id, address.email, address.verified, address.primary)
        for address in EmailAddress.objects.filter(user__in=[superuser, editor])
    }
    assert confirmed == {(superuser.pk, "chef@example.dk", True, True), (editor.pk, "redaktoer@example.dk", True, True)}
    assert not EmailAddress.objects.filter(user=citizen).exists()
    assert EmailAddress.objects.get(user=already).verified is False  # an existing record is theirs to confirm
