"""Ids from the address: plain ASCII digits that fit a 64-bit integer, or nothing.

`str.isdigit()` accepts "²" and Django's `<int:…>` accepts ids beyond 64 bits (SQLite then raises
OverflowError), so both would reach a query as a 500. One rule for path and query string.
"""

import re

ID_PATTERN = "[0-9]{1,18}"
_ID = re.compile(ID_PATTERN)


class IdConverter:
    """`<id:pk>`: 1 to 18 ASCII digits; anything else does not match the route (404)."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def parse_id(text) -> int | None:
    """An id taken from a query string or form value, or None when it is not one."""
    if isinstance(text, str) and _ID.fullmatch(text):
        return int(text)
    return None
