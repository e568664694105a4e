"""Every write to a user's own account."""

from django.db import transaction

from .models import User


@transaction.atomic
def preferences_update(*, user: User, full_name: str, language: str) -> User:
    user.full_name, user.language = full_name.strip(), language
    user.save(update_fields=["full_name", "language"])
    return user
