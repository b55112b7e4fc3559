"""Finding places by address, and the address near a point: a pluggable geocoder.

`settings.PARTICIPATION_GEOCODER` names the class (a dotted path). Two are provided:

- `OfflineGazetteer`: a small JSON file of Copenhagen places shipped with the app, for development and
  tests. It never touches the network.
- `DawaGeocoder`: Danmarks Adressers Web API (DAWA) over HTTPS with a short timeout, for production.
  A failed or slow call gives no result rather than an error, so the form still works (the pin alone
  is enough, and the server refuses nothing because the geocoder is down).

Every geocoder offers `geocode(query, limit=...) -> list[Place]` and `reverse(lat, lon) -> str | None`.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from maps import selectors as map_selectors

logger = logging.getLogger(__name__)

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.json"
MAX_RESULTS = 8


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float

    def as_dict(self) -> dict:
        return {"label": self.label, "lat": self.lat, "lon": self.lon}


class Geocoder(Protocol):
    def geocode(self, query: str, *, limit: int = MAX_RESULTS) -> list[Place]: ...

    def reverse(self, lat: float, lon: float) -> str | None: ...


def get_geocoder() -> Geocoder:
    """The geocoder named by `settings.PARTICIPATION_GEOCODER` (one instance per class path)."""
    return _geocoder(settings.PARTICIPATION_GEOCODER)


@functools.cache
def _geocoder(path: str) -> Geocoder:
    return import_string(path)()


def geocode(query: str, *, limit: int = MAX_RESULTS) -> list[Place]:
    """Places matching a typed address or place name, best first."""
    query = " ".join(query.split())
    if not query:
        return []
    return get_geocoder().geocode(query, limit=limit)[:limit]


def reverse(lat: float, lon: float) -> str | None:
    """A human label for the point: the nearest address, else whatever the geocoder knows (or None)."""
    return get_geocoder().reverse(lat, lon)


# Danish letters without an ASCII decomposition, written the way people type them without a Danish keyboard.
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})
_WORD = re.compile(r"[0-9a-z]+")


def normalise(text: str) -> str:
    """Lower-case ASCII for matching: "Nørrebrogade" → "norrebrogade", "Blågårds" → "blagards", "Aaboulevard" →
    "aboulevard"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(char for char in text if not unicodedata.combining(char))
    # Å was written "aa" until 1948 and still is in many names and keyboards; "oe" stands for ø.
    return text.replace("aa", "a").replace("oe", "o")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres on a sphere (haversine); plenty for a city."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class _Entry:
    place: Place
    label_words: tuple[str, ...]
    words: tuple[str, ...]


class OfflineGazetteer:
    """Copenhagen places from `participation/data/gazetteer.json`, matched without the network.

    Matching ignores case and accents ("norrebrogade", "NØRREBROGADE"), and every typed word may be the
    start of a word of the place ("blågårds pl" finds Blågårds Plads). `reverse` names the nearest entry
    within `REVERSE_RADIUS_M`, else the district the point lies in, else nothing.
    """

    REVERSE_RADIUS_M = 300.0

    def __init__(self, path: str | Path | None = None):
        data = json.loads(Path(path or GAZETTEER_PATH).read_text(encoding="utf-8"))
        self.entries = []
        for item in data["places"]:
            place = Place(label=item["label"], lat=float(item["lat"]), lon=float(item["lon"]))
            names = [item["label"], *item.get("aliases", [])]
            words = tuple(word for name in names for word in _words(name))
            self.entries.append(_Entry(place=place, label_words=tuple(_words(item["label"])), words=words))

    def geocode(self, query: str, *, limit: int = MAX_RESULTS) -> list[Place]:
        typed = _words(query)
        if not typed:
            return []
        found = []
        for index, entry in enumerate(self.entries):
            if all(any(word.startswith(part) for word in entry.words) for part in typed):
                # The label starting with what was typed first, then exact words, then the file's order.
                starts = entry.label_words[: len(typed)] == tuple(typed) or (
                    entry.label_words and entry.label_words[0].startswith(typed[0])
                )
                exact = sum(part in entry.words for part in typed)
                found.append(((not starts, -exact, index), entry.place))
        return [place for _, place in sorted(found, key=lambda item: item[0])[:limit]]

    def reverse(self, lat: float, lon: float) -> str | None:
        nearest = min(self.entries, key=lambda entry: distance_m(lat, lon, entry.place.lat, entry.place.lon))
        if distance_m(lat, lon, nearest.place.lat, nearest.place.lon) <= self.REVERSE_RADIUS_M:
            return nearest.place.label
        district = map_selectors.district_at(lat, lon)
        return district.name if district is not None else None


class DawaGeocoder:
    """Danmarks Adressers Web API: address type-ahead and reverse geocoding, limited to one municipality.

    Uses access addresses (a building's entrance, without floor and door), which is what a pin points at;
    otherwise every flat of a building would fill the list. The base URL is a setting
    (`PARTICIPATION_DAWA_URL`), so a DAWA-compatible service can stand in for the original.
    """

    timeout = 3.0
    municipality_code = "0101"  # Københavns Kommune

    def __init__(self, base_url: str | None = None, *, timeout: float | None = None):
        self.base_url = (
            base_url or getattr(settings, "PARTICIPATION_DAWA_URL", "https://api.dataforsyningen.dk")
        ).rstrip("/")
        if not self.base_url.startswith("https://"):
            raise ValueError("The DAWA base URL must use https.")
        if timeout is not None:
            self.timeout = timeout

    def autocomplete_url(self, query: str, *, limit: int = MAX_RESULTS) -> str:
        params = {"q": query, "per_side": limit, "kommunekode": self.municipality_code}
        return f"{self.base_url}/adgangsadresser/autocomplete?{urllib.parse.urlencode(params)}"

    def reverse_url(self, lat: float, lon: float) -> str:
        params = {"x": f"{lon:.6f}", "y": f"{lat:.6f}", "struktur": "mini"}
        return f"{self.base_url}/adgangsadresser/reverse?{urllib.parse.urlencode(params)}"

    @staticmethod
    def parse_autocomplete(payload) -> list[Place]:
        """Places from an autocomplete answer: `[{"tekst": ..., "adgangsadresse": {"x": lon, "y": lat}}]`.

        Answers of `/adresser/autocomplete` (key "adresse") are read the same way.
        """
        places = []
        for item in payload if isinstance(payload, list) else []:
            if not isinstance(item, dict):
                continue
            address = item.get("adgangsadresse") or item.get("adresse") or {}
            try:
                lon, lat = float(address["x"]), float(address["y"])
            except (KeyError, TypeError, ValueError):
                continue
            label = str(item.get("tekst") or "").strip()
            if label:
                places.append(Place(label=label, lat=lat, lon=lon))
        return places

    @staticmethod
    def parse_reverse(payload) -> str | None:
        """The label of a reverse answer: its "betegnelse" (struktur=mini) or "adressebetegnelse" (full)."""
        if not isinstance(payload, dict):
            return None
        label = payload.get("betegnelse") or payload.get("adressebetegnelse")
        if not label:
            label = " ".join(str(part) for part in (payload.get("vejnavn"), payload.get("husnr")) if part)
        return str(label).strip() or None

    def geocode(self, query: str, *, limit: int = MAX_RESULTS) -> list[Place]:
        payload = self._get(self.autocomplete_url(query, limit=limit))
        return self.parse_autocomplete(payload)[:limit] if payload is not None else []

    def reverse(self, lat: float, lon: float) -> str | None:
        payload = self._get(self.reverse_url(lat, lon))
        return self.parse_reverse(payload) if payload is not None else None

    def _get(self, url: str):
        request = urllib.request.Request(  # noqa: S310 (the base URL is checked to be https above)
            url, headers={"Accept": "application/json", "User-Agent": "sammen-om-byen"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read(1_000_000).decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            logger.warning("DAWA did not answer %s: %s", url.split("?")[0], error)
            return None
