import pytest

from maps import services

pytestmark = pytest.mark.django_db


def test_staff_see_districts_and_committees_in_wagtail_admin(client, django_user_model):
    """An administrator finds the districts and committees, with their populations, in the Wagtail admin."""
    services.load_demo_areas()
    admin = django_user_model.objects.create_superuser(email="admin@example.dk", password="pw")
    client.force_login(admin)
    districts = client.get("/admin/areas/districts/").content.decode()
    committees = client.get("/admin/areas/local-committees/").content.decode()
    assert "Nørrebro" in districts and "Amager Vest" in districts
    assert "Christianshavn" in committees and "Kongens Enghave" in committees


def test_citizens_cannot_open_the_areas_admin(client, django_user_model):
    """A signed-in citizen without admin access is turned away from the areas admin."""
    citizen = django_user_model.objects.create_user(email="amira@example.dk", password="pw")
    client.force_login(citizen)
    response = client.get("/admin/areas/districts/")
    assert response.status_code in (302, 403)
