import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-sikker-adgangskode-42"


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S*/konto/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_e_mail_and_sign_in(client, home_page):
    """A citizen signs up with e-mail and password, confirms the e-mail from the link, and is signed in."""
    response = client.post(
        "/da/konto/signup/", {"email": "amira@example.dk", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="amira@example.dk")
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amira@example.dk"]
    link = confirmation_link(mail.outbox[0])
    assert link.startswith("/da/")

    page = client.get(link)
    assert page.status_code == 200
    assert "amira@example.dk" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/da/").context["user"] == user


def test_unverified_user_cannot_sign_in_until_the_e_mail_is_confirmed(client, home_page):
    """Signing in before the e-mail is confirmed sends a new link instead of signing in."""
    user = get_user_model().objects.create_user(email="jens@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post("/da/konto/login/", {"login": "jens@example.dk", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_sign_up_error_keeps_what_was_typed(client, home_page):
    """When the passwords differ, the form says so in Danish and keeps the e-mail address."""
    response = client.post(
        "/da/konto/signup/", {"email": "sofie@example.dk", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="sofie@example.dk"' in html
    assert 'lang="da"' in html
    assert "adgangskode" in html.lower()
    assert not get_user_model().objects.filter(email="sofie@example.dk").exists()


def test_sign_up_page_in_english(client, home_page):
    """The sign-up page is served in English under /en/."""
    html = client.get("/en/konto/signup/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign Up" in html or "Sign up" in html


def test_password_reset_sends_a_link(client, home_page):
    """Asking for a new password sends a reset link to a known address."""
    get_user_model().objects.create_user(email="hanne@example.dk", password=PASSWORD)
    response = client.post("/da/konto/password/reset/", {"email": "hanne@example.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/da/konto/password/reset/key/" in mail.outbox[0].body


def test_user_model_uses_e_mail_as_login(django_user_model):
    """Accounts are identified by e-mail; there is no username."""
    user = django_user_model.objects.create_user(email="Mads@Example.DK", password=PASSWORD)
    assert django_user_model.USERNAME_FIELD == "email"
    assert user.email == "Mads@example.dk"
    assert not hasattr(user, "username") or user.username is None


def test_signing_in_on_the_english_site_lands_on_the_english_home_page(client, home_page):
    """Without a page to return to, signing in from /en/ leads to /en/, not to the Danish site."""
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/en/konto/login/", {"login": "amira@example.dk", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_signing_in_returns_to_the_page_the_citizen_came_from(client, project_index):
    """The sign-in link carries the current page, and signing in goes back to it."""
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/da/konto/login/", {"login": "amira@example.dk", "password": PASSWORD, "next": project_index.url}
    )
    assert response["Location"] == project_index.url
