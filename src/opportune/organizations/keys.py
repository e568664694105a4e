"""Organization keys: 2-6 capitals proposed from the name ("Bionic Systems GmbH" -> BION)."""

import re
import unicodedata

KEY_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")

# Legal forms and filler words that say nothing about which company it is.
IGNORED_WORDS = {
    "GMBH", "MBH", "AG", "KG", "KGAA", "OHG", "GBR", "UG", "SE", "EG", "EV", "CO", "COKG",
    "LTD", "LIMITED", "INC", "INCORPORATED", "LLC", "LLP", "PLC", "CORP", "CORPORATION",
    "COMPANY", "SA", "SAS", "SARL", "BV", "NV", "AB", "AS", "OY", "SRL", "SPA", "THE", "UND",
    "AND", "HAFTUNGSBESCHRAENKT", "DER", "DIE", "DAS",
}  # fmt: skip


def _ascii_words(name: str) -> list[str]:
    text = name.upper().replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE").replace("ß", "SS")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("E.V.", "EV").replace("&", " ").replace("+", " ")
    words = [re.sub(r"[^A-Z0-9]", "", word) for word in re.split(r"[\s\-/,.()]+", text)]
    words = [word for word in words if word]
    meaningful = [word for word in words if word not in IGNORED_WORDS]
    return meaningful or words


def candidates(name: str):
    """Keys for a name, best first: first word's start, then initials, then numbered variants."""
    words = _ascii_words(name)
    if not words:
        words = ["ORG"]
    if not words[0][0].isalpha():
        words[0] = "X" + words[0]
    first = words[0]
    seen = set()

    def fresh(key):
        key = key[:6]
        if KEY_PATTERN.match(key) and key not in seen:
            seen.add(key)
            return True
        return False

    base = first[:4] if len(first) >= 2 else (first + "".join(words[1:]))[:4]
    if len(base) < 2:
        base = (base + "X")[:2]
    for key in (base, "".join(word[0] for word in words)[:6], first[:5], first[:6]):
        if fresh(key):
            yield key[:6]
    if len(words) > 1:
        for length in (2, 3):
            key = first[:length] + words[1][: 4 - length]
            if fresh(key):
                yield key
    stem = base[:4]
    for n in range(2, 10_000):
        key = f"{stem[: 6 - len(str(n))]}{n}"
        if fresh(key):
            yield key


def propose_key(name: str, taken) -> str:
    """The best candidate that is not in `taken` (a set, or anything that answers `in`)."""
    for key in candidates(name):
        if key not in taken:
            return key
    raise RuntimeError("no free key")  # pragma: no cover - 10,000 numbered variants
