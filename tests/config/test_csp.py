"""The Content-Security-Policy: strict on the public site, looser only under /admin/, with the map tile and media
hosts allowed as image sources, and templates and scripts that need nothing more."""

import re
from pathlib import Path

import pytest

from config.csp import url_origin

ROOT = Path(__file__).resolve().parents[2]
# E-mails are read in mail programs, not under the site's CSP; their inline styles are how e-mail is styled.
EMAIL_TEMPLATES = re.compile(r"/email/")


def policy_of(response) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split("; ")}


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script_or_style(client, home_page):
    """The home page's policy allows scripts, styles and connections from the site only, nothing inline or eval'd,
    no plugins, no framing by other pages and no forms posting elsewhere."""
    policy = policy_of(client.get("/da/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"][:2] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_api_and_the_map_data_get_the_site_policy(client, home_page):
    """JSON answers carry the strict policy too (nothing under them may run)."""
    policy = policy_of(client.get("/api/openapi.json"))
    assert policy["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_wagtail_admin_gets_its_own_looser_policy(admin_client):
    """Under /admin/ Wagtail's inline scripts and styles are allowed and previews may be framed by the site itself;
    plugins, other origins and foreign form targets stay refused."""
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_map_tile_host_is_an_allowed_image_source(client, home_page, settings):
    """With map tiles configured, their server (any of its {s} subdomains) may serve images, on the site and in
    the admin; without tiles only the site and data: URLs may."""
    settings.MAP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    assert policy_of(client.get("/da/"))["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]
    settings.MAP_TILES_URL = ""
    assert policy_of(client.get("/da/"))["img-src"] == ["'self'", "data:"]


@pytest.mark.django_db
def test_media_on_another_host_is_an_allowed_image_source(client, home_page, settings):
    """Photos served from object storage (an absolute MEDIA_URL) may be shown."""
    settings.MAP_TILES_URL = ""
    settings.MEDIA_URL = "https://media.sammenombyen.kk.dk/media/"
    assert policy_of(client.get("/da/"))["img-src"] == ["'self'", "data:", "https://media.sammenombyen.kk.dk"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://api.dataforsyningen.dk/topo_skaermkort/wmts?token=x", "https://api.dataforsyningen.dk"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
        ("/media/", None),
        ("", None),
        ("javascript:alert(1)", None),
        ("https://tiles.{s}.example.org/{z}.png", None),
    ],
)
def test_url_origin(url, origin):
    """A tile or media URL gives the origin to allow; relative URLs, other schemes and odd templates give none."""
    assert url_origin(url) == origin


def site_templates() -> list[Path]:
    return [path for path in (ROOT / "templates").rglob("*.html") if not EMAIL_TEMPLATES.search(path.as_posix())]


def test_no_template_has_inline_script_event_handler_or_style():
    """No page template (allauth and Wagtail overrides included) has an inline script, an on...= handler, a style
    attribute or a <style> element: the policy would refuse them. Data travels as json_script or data attributes."""
    inline_script = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    style = re.compile(r"<[a-z][^>]*\sstyle\s*=|<style\b", re.I)
    found = []
    for path in site_templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline script", inline_script), ("event handler", handler), ("style", style)):
            found += [f"{path.relative_to(ROOT)}: {name}: {match.group(0)[:80]}" for match in pattern.finditer(text)]
    assert not found, "\n".join(found)


def test_the_site_scripts_evaluate_no_strings():
    """static/js has no eval, new Function or string timers, which script-src 'self' would refuse."""
    pattern = re.compile(r"\beval\s*\(|\bnew\s+Function\s*\(|set(?:Timeout|Interval)\s*\(\s*[\"'`]")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "static" / "js").glob("*.js")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)
