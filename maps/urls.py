from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("bydele.geojson", views.districts_geojson, name="districts_geojson"),
]
