import pytest
from allauth.account.models import EmailAddress

from participation.models import NotificationPreference

pytestmark = pytest.mark.django_db


def test_signing_in_on_the_english_site_makes_e_mails_english(client, home_page, django_user_model):
    """A person who signs in under /en/ gets their notification e-mails in English from then on."""
    user = django_user_model.objects.create_user(email="amira@example.dk", password="en-lang-adgangskode-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/en/konto/login/", {"login": user.email, "password": "en-lang-adgangskode-42"})
    assert NotificationPreference.objects.get(user=user).language == "en"
