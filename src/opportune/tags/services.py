"""Every write to tags."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Tag


def _save(tag: Tag) -> Tag:
    tag.name = tag.name.strip()
    tag.full_clean(exclude=["workspace"])
    try:
        with transaction.atomic():
            tag.save(update_fields=["name", "colour"] if tag.pk else None)
    except IntegrityError:
        raise ValidationError({"name": _("This name is already in use.")}) from None
    return tag


@transaction.atomic
def tag_create(*, workspace, name: str, colour: str) -> Tag:
    if Tag.objects.in_workspace(workspace).filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This name is already in use.")})
    return _save(Tag(workspace=workspace, name=name, colour=colour))


@transaction.atomic
def tag_update(*, tag: Tag, name: str, colour: str) -> Tag:
    tag.name, tag.colour = name, colour
    return _save(tag)


@transaction.atomic
def tag_remove(*, tag: Tag) -> None:
    tag.delete()
