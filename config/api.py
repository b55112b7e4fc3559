"""The project's JSON and GeoJSON API (django-ninja), mounted at `/api/` outside the language prefixes.

The schema is at `/api/openapi.json`. There is no interactive documentation page: ninja's Swagger UI
would load its scripts from a CDN unless "ninja" were an installed app, and the site loads nothing
from third parties.
"""

from ninja import NinjaAPI

from participation.api import router as participation_router

api = NinjaAPI(
    title="Sammen om byen API",
    version="1",
    description="Public data of Sammen om byen, Copenhagen Municipality's platform for citizen dialogue.",
    # Wagtail registers a NinjaAPI of its own; each needs its own URL namespace.
    urls_namespace="api",
    docs_url=None,
)
api.add_router("/", participation_router)
