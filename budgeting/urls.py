from django.urls import path

from . import views
from .views.follows import follow_proposal, unfollow_proposal
from .views.implementation import WHAT_HAPPENED_ROUTE, what_happened
from .views.survey import survey

app_name = "budgeting"

# Mounted at the root of each language (/da/…, /en/…), before Wagtail's pages.
urlpatterns = [
    path("afstemning/<int:round_id>/", views.ballot, name="ballot"),
    path("afstemning/<int:round_id>/deltag/", views.eligibility, name="eligibility"),
    path("afstemning/<int:round_id>/gennemse/", views.review, name="review"),
    path("afstemning/<int:round_id>/kvittering/", views.receipt, name="receipt"),
    # The optional, anonymous question after voting (budgeting/views/survey.py).
    path("afstemning/<int:round_id>/kvittering/spoergsmaal/", survey, name="survey"),
    path("afstemning/<int:round_id>/tjek/", views.receipt_check, name="receipt_check"),
    path("afstemning/<int:round_id>/resultat/", views.results, name="results"),
    path("afstemning/<int:round_id>/resultat/stemmesedler.pb", views.ballot_file, name="ballot_file"),
    path(
        "afstemning/<int:round_id>/resultat/stemmesedler-<slug:district>.pb",
        views.ballot_file,
        name="district_ballot_file",
    ),
    path("afstemning/<int:round_id>/resultat/forslag.csv", views.proposals_csv, name="proposals_csv"),
    path("afstemning/<int:round_id>/forslag/", views.proposal_list, name="proposal_list"),
    path("forslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("forslag/<int:pk>/foelg/", follow_proposal, name="follow_proposal"),
    path("forslag/<int:pk>/stop/", unfollow_proposal, name="unfollow_proposal"),
    # What became of the funded proposals: /da/hvad-skete-der/, /en/what-happened/.
    path(WHAT_HAPPENED_ROUTE, what_happened, name="what_happened"),
]
