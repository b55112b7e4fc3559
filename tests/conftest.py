import os

import pytest

from tests.cms.factories import create_home_page, create_project_index

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def home_page(db):
    return create_home_page()


@pytest.fixture
def project_index(home_page):
    return create_project_index(home_page)


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in Danish, whatever language an earlier request or test left active."""
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")
