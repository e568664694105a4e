"""Money in the reader's locale: "1,234.50 €" in English, "1.234,50 €" in German."""

from decimal import Decimal

from babel.numbers import format_currency
from django.db import models
from django.utils import translation


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    locale = "de_DE" if (translation.get_language() or "en").startswith("de") else "en_IE"
    # Amount first, symbol after, in both languages (as the product's documents write it).
    return format_currency(amount, currency or "EUR", format="#,##0.00\xa0¤", locale=locale)


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    USD = "USD", "USD"
    GBP = "GBP", "GBP"
    CHF = "CHF", "CHF"
