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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages cached by an earlier test (whose rows were rolled back and whose
    ids the database may give out again) must not be served to the next (participation/cache.py)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties its database when it ends; the migrations' data (locales, the page tree, content
    types, groups) comes back only when the next transactional test starts. pytest-django runs transactional tests
    last, but pytest-xdist (`make test`) hands each process whole files, largest first, so other tests may follow
    one: put that data back for them."""
    yield
    if nextitem is None or not _is_transactional(item) or _is_transactional(nextitem):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
