import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from participation import notifications, services
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db


def test_a_case_officer_is_not_told_about_their_own_answer(
    client, project, citizen, case_officer, django_capture_on_commit_callbacks
):
    """Answering from the work queue notifies the author, not the case officer who follows the project."""
    idea = services.idea_submit(
        project=project, author=citizen, title="Træer", description="Flere træer",
        latitude=RUNDDEL[0], longitude=RUNDDEL[1],
    )  # fmt: skip
    notifications.follow(user=case_officer, project=project)
    case_officer.groups.first().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(case_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/participation/ideas/answer/{idea.pk}/",
            {"status": "considering", "text": "Vi ser på det.", "administration": project.administration_id},
        )
    assert response.status_code == 302
    recipients = [message.to[0] for message in mail.outbox]
    assert citizen.email in recipients
    assert case_officer.email not in recipients
