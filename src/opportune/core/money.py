"""Money in the reader's locale: "1,234.50 €" in English, "1.234,50 €" in German."""

from decimal import Decimal

from babel import Locale
from babel.numbers import parse_pattern
from django.db import models
from django.utils import translation

# Amount first, symbol after, in both languages (as the product's documents write it). Parsed
# once: format_currency() parses the pattern and the locale on every call, a list page's
# hundred amounts took milliseconds for it.
PATTERN = parse_pattern("#,##0.00\xa0¤")
LOCALES = {"de": Locale.parse("de_DE"), "en": Locale.parse("en_IE")}


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    locale = LOCALES["de" if (translation.get_language() or "en").startswith("de") else "en"]
    return PATTERN.apply(amount, locale, currency=currency or "EUR")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    USD = "USD", "USD"
    GBP = "GBP", "GBP"
    CHF = "CHF", "CHF"
