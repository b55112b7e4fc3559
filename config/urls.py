from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import staff as accounts_staff
from cms import views as cms_views
from config.api import api

urlpatterns = [
    # Wagtail's sign-in page goes to the site's (allauth: throttling and the staff's second factor).
    path("admin/login/", accounts_staff.admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("kort/", include("maps.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("soeg/", cms_views.search, name="search"),
    path("", include("participation.urls")),
    path("", include("budgeting.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
