from django.urls import path

from . import views

app_name = "accounts"

# Mounted at /<language>/konto/, before allauth's pages there.
urlpatterns = [
    path("mine-data/", views.personal_data_page, name="personal_data"),
    path("mine-data/mine-data.json", views.personal_data_json, name="personal_data_json"),
    path("slet/", views.account_delete, name="account_delete"),
    path("slettet/", views.account_deleted, name="account_deleted"),
]
