"""Side effects outside the domain: remember the language a person signs in with, for their e-mails."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import get_language

from . import notifications


@receiver(user_logged_in, dispatch_uid="participation.remember_language")
def remember_language_on_sign_in(sender, request, user, **kwargs):
    notifications.remember_language(user=user, language=get_language())
