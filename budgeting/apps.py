from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "budgeting"
    label = "budgeting"
    verbose_name = _("Citizens' budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # MitID eligibility: allauth tells when a person has connected MitID; the claims live only in that request.
        from allauth.socialaccount.signals import social_account_added, social_account_updated

        from .eligibility.oidc import record_verification

        social_account_added.connect(record_verification, dispatch_uid="budgeting.mitid.added")
        social_account_updated.connect(record_verification, dispatch_uid="budgeting.mitid.updated")

        # What the app holds about a person, for their data export and the deletion of their account.
        from accounts import personal_data

        from . import personal_data as budgeting_data

        personal_data.register("budgeting", export=budgeting_data.export, delete=budgeting_data.delete)

        # What the project page shows of a round (the call to vote, "you said, we did", the funded proposals'
        # progress) comes from these; staff change them now and then, never per ballot (participation/cache.py).
        from participation import cache

        cache.invalidate_all_on_change(
            "budgeting.BudgetRound",
            "budgeting.SubBudget",
            "budgeting.Proposal",
            "budgeting.Tally",
            "budgeting.CommitteeDecision",
            "budgeting.Implementation",
            "budgeting.ImplementationUpdate",
        )
