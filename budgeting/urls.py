from django.urls import path

from . import views

app_name = "budgeting"

# Mounted at the root of each language (/da/…, /en/…), before Wagtail's pages.
urlpatterns = [
    path("afstemning/<int:round_id>/", views.ballot, name="ballot"),
    path("afstemning/<int:round_id>/deltag/", views.eligibility, name="eligibility"),
    path("afstemning/<int:round_id>/gennemse/", views.review, name="review"),
    path("afstemning/<int:round_id>/kvittering/", views.receipt, name="receipt"),
    path("afstemning/<int:round_id>/tjek/", views.receipt_check, name="receipt_check"),
]
