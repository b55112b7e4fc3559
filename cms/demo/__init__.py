"""The demo site of `manage.py seed_demo`: its content as data (`content`), the seeding (`seed`) and
the wagtail-localize translation of each object (`translate`)."""

from .content import DemoContentError
from .seed import DemoLogin, SeedReport, seed_demo

__all__ = ["DemoContentError", "DemoLogin", "SeedReport", "seed_demo"]
