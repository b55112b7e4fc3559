"""Copenhagen Municipality's postcodes and the districts (bydele, by number) each one covers.

Used only when an identity provider gives a postcode and no municipality code. Postcodes follow the
post's delivery areas, not municipal or district borders, so this table is a fallback, honestly approximate:

- Frederiksberg is its own municipality: 1800–1999 (Frederiksberg C) and 2000 are *not* Copenhagen.
- A few streets of Copenhagen Municipality lie in postcodes named after neighbours (2610 Rødovre,
  2650 Hvidovre, 2770 Kastrup, 2860 Søborg, some 2000 Frederiksberg); they are left out, so their residents
  are refused unless the provider gives the municipality code (101), which always decides when present.
- Which districts a postcode spans is from the district map, not from an address register; a postcode that
  spans several lets the person choose. Compiled without access to DAWA: check it against
  https://api.dataforsyningen.dk/postnumre?kommunekode=0101 and the district outlines before relying on it.
"""

from __future__ import annotations

COPENHAGEN_MUNICIPALITY_CODE = "101"

# (first postcode, last postcode, district numbers)
POSTCODE_DISTRICTS: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (1050, 1499, (1,)),  # København K: the old city, Christianshavn and Holmen (Indre By)
    (1500, 1799, (1, 4)),  # København V: Vesterbro, and the streets of Indre By west of the old ramparts
    (2100, 2100, (2,)),  # København Ø (Østerbro)
    (2150, 2150, (2,)),  # Nordhavn (Østerbro)
    (2200, 2200, (3,)),  # København N (Nørrebro)
    (2300, 2300, (9, 10)),  # København S: Amager Øst and Amager Vest
    (2400, 2400, (8,)),  # København NV (Bispebjerg)
    (2450, 2450, (4, 5)),  # København SV: Kongens Enghave (Sydhavn) and the east of Valby
    (2500, 2500, (5,)),  # Valby
    (2700, 2700, (7,)),  # Brønshøj (Brønshøj-Husum)
    (2720, 2720, (6,)),  # Vanløse
)


def normalize_municipality_code(code) -> str:
    """ "0101", "101" and 101 are the same municipality code."""
    return str(code).strip().lstrip("0") if code is not None else ""


def district_numbers(postcode) -> tuple[int, ...] | None:
    """The district numbers a Copenhagen Municipality postcode covers; None when it is not one of them."""
    try:
        number = int(str(postcode).strip())
    except (TypeError, ValueError):
        return None
    for first, last, districts in POSTCODE_DISTRICTS:
        if first <= number <= last:
            return districts
    return None
