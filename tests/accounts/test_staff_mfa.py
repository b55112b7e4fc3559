"""Staff two-factor authentication: Wagtail admin is entered through the site's sign-in and with a second factor."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]

PASSWORD = "en-lang-og-sikker-adgangskode-42"
# One period either side, so that a code made just before a 30-second boundary is still right when checked.
REQUIRED = override_settings(ACCOUNTS_STAFF_MFA_REQUIRED=True, MFA_TOTP_TOLERANCE=1)


def code_for(secret: str, *, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def make_person(email: str, *, admin: bool) -> object:
    user = get_user_model().objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if admin:
        access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        user.user_permissions.add(access)
    return user


@pytest.fixture
def editor():
    return make_person("redaktoer@kk.dk", admin=True)


@pytest.fixture
def editor_with_app(editor):
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    editor.totp_secret = secret
    return editor


def sign_in(client, email: str, next_url: str = "/admin/"):
    return client.post(f"/da/konto/login/?next={next_url}", {"login": email, "password": PASSWORD})


def test_wagtails_sign_in_page_sends_people_to_the_sites(client):
    """/admin/login/ is the site's sign-in page, coming back to the admin page that was asked for."""
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/da/konto/login/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/login/")["Location"] == "/da/konto/login/?next=%2Fadmin%2F"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 405


def test_a_signed_out_visitor_to_the_admin_is_asked_to_sign_in_on_the_site(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/da/konto/login/?next=/admin/pages/")


@REQUIRED
def test_staff_without_an_authenticator_set_one_up_before_any_admin_page(client, editor):
    """An editor with no authenticator app signs in, is sent to set one up, gets recovery codes, then enters."""
    response = sign_in(client, editor.email)
    assert response.status_code == 302 and response["Location"] == "/admin/"

    for path in ("/admin/", "/admin/pages/", "/admin/images/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/da/konto/2fa/totp/activate/?next="), path

    # allauth asks for the password once more before an authenticator is added (a session left open is not enough).
    confirm = client.get(response["Location"])
    assert confirm.status_code == 302 and confirm["Location"].startswith("/da/konto/reauthenticate/")
    confirmed = client.post(confirm["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == response["Location"]

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode() and 'src="data:image/svg+xml;base64,' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    wrong = client.post("/da/konto/2fa/totp/activate/", {"code": code_for(secret, step=5)})
    assert wrong.status_code == 200 and "Forkert kode." in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    done = client.post("/da/konto/2fa/totp/activate/", {"code": code_for(secret)})
    assert done.status_code == 302 and done["Location"] == "/da/konto/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(done["Location"])
    assert codes_page.status_code == 200
    unused = Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert len(unused) == 10
    assert all(code in codes_page.content.decode() for code in unused)
    assert 'href="/admin/"' in codes_page.content.decode()

    assert client.get("/admin/").status_code == 200


@REQUIRED
def test_staff_with_an_authenticator_are_asked_for_a_code_when_signing_in(client, editor_with_app):
    editor = editor_with_app
    response = sign_in(client, editor.email)
    assert response.status_code == 302 and response["Location"] == "/da/konto/2fa/authenticate/"
    # Not signed in until the code is given.
    assert client.get("/admin/")["Location"].startswith("/da/konto/login/")

    stage = client.get("/da/konto/2fa/authenticate/")
    assert stage.status_code == 200 and 'name="code"' in stage.content.decode()
    wrong = client.post("/da/konto/2fa/authenticate/", {"code": "12345"})
    assert wrong.status_code == 200 and "Forkert kode." in wrong.content.decode()

    done = client.post("/da/konto/2fa/authenticate/", {"code": code_for(editor.totp_secret)})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@REQUIRED
def test_a_recovery_code_stands_in_for_the_app(client, editor_with_app):
    editor = editor_with_app
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(editor).get_unused_codes()
    sign_in(client, editor.email)
    done = client.post("/da/konto/2fa/authenticate/", {"code": codes[0]})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    left = Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert codes[0] not in left and codes[1] in left


@REQUIRED
def test_a_session_without_the_second_factor_is_asked_for_a_code(client, editor_with_app):
    """A session that did not use the authenticator (signed in some other way, or from before it was set up)."""
    editor = editor_with_app
    client.force_login(editor)
    response = client.get("/admin/images/")
    assert response.status_code == 302
    assert response["Location"] == "/da/konto/2fa/reauthenticate/?next=%2Fadmin%2Fimages%2F"
    done = client.post(response["Location"], {"code": code_for(editor.totp_secret)})
    assert done.status_code == 302 and done["Location"] == "/admin/images/"
    assert client.get("/admin/").status_code == 200


@REQUIRED
def test_signing_out_of_the_admin_needs_no_code(client, editor):
    client.force_login(editor)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@REQUIRED
def test_citizens_are_not_asked_for_a_second_factor(client):
    """The requirement is for people who may enter the admin; a citizen signs in with a password only."""
    citizen = make_person("borger@example.dk", admin=False)
    response = sign_in(client, citizen.email, next_url="/da/")
    assert response.status_code == 302 and response["Location"] == "/da/"
    assert client.get("/da/").context["user"] == citizen
    # The admin refuses them as before (Wagtail's own check), and sends them to sign in.
    assert client.get("/admin/")["Location"].startswith("/da/konto/login/")


@override_settings(ACCOUNTS_STAFF_MFA_REQUIRED=False)
def test_the_requirement_can_be_turned_off(client, editor):
    sign_in(client, editor.email)
    assert client.get("/admin/").status_code == 200


@REQUIRED
def test_wrong_codes_are_throttled_per_account(client, editor_with_app):
    """After a few wrong codes the code step refuses, with a message, even a right code for a while."""
    editor = editor_with_app
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/300s/key"}):
        sign_in(client, editor.email)
        for _ in range(3):
            assert "Forkert kode." in client.post("/da/konto/2fa/authenticate/", {"code": "000001"}).content.decode()
        refused = client.post("/da/konto/2fa/authenticate/", {"code": code_for(editor.totp_secret)})
        assert refused.status_code == 200
        assert "Der er for mange mislykkede logonforsøg. Prøv igen senere." in refused.content.decode()
        assert client.get("/admin/")["Location"].startswith("/da/konto/login/")
