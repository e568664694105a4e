"""Every write to tags, and the check that tags given to another app's service are the
workspace's own."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opportune.core.names import name_taken

from .models import Tag


def _save(tag: Tag) -> Tag:
    tag.name = tag.name.strip()
    tag.full_clean(exclude=["workspace"])
    # "Priority" and "priority" would be two tags no one tells apart (tag_name_unique_ci is the
    # database's backstop).
    if name_taken(Tag.objects.in_workspace(tag.workspace_id), tag.name, exclude=tag):
        raise ValidationError({"name": _("This name is already in use.")})
    try:
        with transaction.atomic():
            tag.save(update_fields=["name", "colour"] if tag.pk else None)
    except IntegrityError:
        raise ValidationError({"name": _("This name is already in use.")}) from None
    return tag


@transaction.atomic
def tag_create(*, workspace, name: str, colour: str) -> Tag:
    return _save(Tag(workspace=workspace, name=name, colour=colour))


@transaction.atomic
def tag_update(*, tag: Tag, name: str, colour: str) -> Tag:
    tag.name, tag.colour = name, colour
    return _save(tag)


@transaction.atomic
def tag_remove(*, tag: Tag) -> None:
    tag.delete()


def validate_tags(workspace, tags) -> list[Tag]:
    """The tags (instances or ids) as the workspace's Tag objects, or a ValidationError at
    "tags" if any is unknown or another workspace's: services never trust their caller."""
    wanted = {getattr(tag, "pk", tag) for tag in tags}
    found = list(Tag.objects.in_workspace(workspace).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({"tags": _("Choose tags of this workspace.")})
    return found
