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


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need row locks that wait (SQLite has one writer at a time): they run in the
    PostgreSQL pass of CI (`DATABASE_URL=postgres://… make test`) and are left out, not skipped, on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
