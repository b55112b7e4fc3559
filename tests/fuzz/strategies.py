"""What the form fuzzers type: any text (all of Unicode that UTF-8 can carry, NUL included), numbers written in
every way, huge values, duplicated and missing fields, and raw bodies that are not UTF-8, not forms or not
JSON objects."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Values people (and robots) really send, beside the random ones.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-0",
    "-1",
    "1.5",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "٣",  # an Arabic-Indic digit: int() reads it, the database must not be surprised
    "²",
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    str(2**31),
    "32768",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\ufeff",
    "\u202eevil",
    "🏳️‍🌈",
    "\r\n\r\n",
    "a" * 5_000,
    "x" * 200_000,
]

# All of Unicode except the surrogates, which UTF-8 cannot encode (those go as raw bytes, below).
TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
# Text a person would write (any letters, digits, punctuation and spaces), so that forms are sent too, not only
# refused.
PLAIN = st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=3, max_size=100).filter(str.strip)
NUMBER = st.one_of(
    st.integers(),
    st.integers(min_value=-3, max_value=40),
    st.floats(allow_nan=True, allow_infinity=True),
).map(str)
VALUE = st.one_of(TEXT, NUMBER, st.sampled_from(NASTY))
# A field sent twice or more (`?a=1&a=2`) as well as once.
FIELD = st.one_of(VALUE, VALUE, VALUE, st.lists(VALUE, min_size=2, max_size=3))


def form(fields: dict[str, st.SearchStrategy] | None = None, names: tuple[str, ...] = ()) -> st.SearchStrategy:
    """A POST body as a dict: each named field (generic values for `names`, or its own strategy) present or
    missing, plus now and then a field the form does not know."""
    optional = dict.fromkeys(names, FIELD)
    optional.update(fields or {})
    optional["unknown-field"] = FIELD
    return st.fixed_dictionaries({}, optional=optional)


def ids(known: list[int]) -> st.SearchStrategy:
    """An id as typed into a form: one that exists, or one that does not, negative, huge or not a number."""
    return st.one_of(st.sampled_from([str(pk) for pk in known]) if known else st.nothing(), VALUE)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)

# Bodies that are not a form at all: JSON of any shape (objects too), bytes that are not UTF-8 (a lone surrogate
# encoded as UTF-8 would be, Latin-1, random bytes), and multipart bodies whose boundary does not match.
RAW_BODY = st.one_of(
    JSON_VALUE.map(lambda value: ("application/json", json.dumps(value).encode())),
    st.binary(max_size=500).map(lambda data: ("application/x-www-form-urlencoded", data)),
    st.sampled_from([b"title=%ED%A0%80&text=\xed\xa0\x80", b"text=\xff\xfe", b"reason=caf\xe9", b"%", b"a=%zz&&="]).map(
        lambda data: ("application/x-www-form-urlencoded", data)
    ),
    st.binary(max_size=300).map(lambda data: ("multipart/form-data; boundary=xyz", data)),
    st.just(("multipart/form-data", b"--\r\n")),
    st.binary(max_size=200).map(lambda data: ("text/plain", data)),
)
