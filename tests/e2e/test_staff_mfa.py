"""Staff two-factor authentication in Chromium: an editor opening the admin is sent to set up an authenticator app,
confirms the password, activates it with a code, sees the recovery codes and enters; signing in again asks for a
code. Every page on the way passes axe-core."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.e2e.conftest import assert_no_axe_violations, e2e

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def editor(demo_site, settings):
    settings.ACCOUNTS_STAFF_MFA_REQUIRED = True
    settings.MFA_TOTP_TOLERANCE = 1
    user = get_user_model().objects.create_user(email="redaktoer@kk.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def sign_in(page, email: str) -> None:
    page.goto("/admin/")
    page.wait_for_url("**/da/konto/login/**")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


def test_an_editor_sets_up_an_authenticator_and_signs_in_with_it(page, context, editor):
    sign_in(page, editor.email)
    # allauth asks for the password again before an authenticator is added.
    page.wait_for_url("**/da/konto/reauthenticate/**")
    assert_no_axe_violations(page)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()

    page.wait_for_url("**/da/konto/2fa/totp/activate/**")
    assert page.locator("h1").count() == 1
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    assert_no_axe_violations(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(code_for(secret))
    page.locator("form.account-form button[type=submit]").click()

    page.wait_for_url("**/da/konto/2fa/recovery-codes/")
    assert_no_axe_violations(page)
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    page.locator("main a[href='/admin/']").click()
    page.wait_for_url("**/admin/")
    assert page.url.endswith("/admin/")  # not sent back to a sign-in or set-up page

    # Signing in again: a code is asked for after the password (a recovery code here: an app code may be used once).
    context.clear_cookies()
    sign_in(page, editor.email)
    page.wait_for_url("**/da/konto/2fa/authenticate/")
    assert_no_axe_violations(page)
    recovery = Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES).wrap()
    page.locator("input[name=code]").fill(recovery.get_unused_codes()[0])
    page.locator("form.account-form button[type=submit]:not([form])").click()
    page.wait_for_url("**/admin/")
