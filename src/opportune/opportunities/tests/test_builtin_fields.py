"""The pipeline app reserves the labels and keys of the opportunity's built-in fields for them
(pipeline/builtin_fields.py); this keeps its list in step with the model."""

from django.utils.translation import gettext

from opportune.opportunities.models import Opportunity
from opportune.pipeline import builtin_fields


def test_every_column_of_an_opportunity_is_a_reserved_key():
    columns = {field.name for field in Opportunity._meta.get_fields() if field.concrete}
    assert columns - builtin_fields.KEYS == set()


def test_every_field_shown_on_the_opportunity_page_has_a_reserved_label():
    internal = {"id", "workspace", "number", "probability_is_manual", "version", "created_by"}
    internal |= {"deleted_at", "created_at", "updated_at"}
    internal |= {"open_task_count", "next_reminder_on", "last_activity_at", "short_name_key"}
    internal |= {"organization_sort_name", "phase_position"}
    unreserved = [
        field.name
        for field in Opportunity._meta.get_fields()
        if field.concrete
        and field.name not in internal
        and not builtin_fields.built_in_label(gettext(field.verbose_name))
    ]
    assert unreserved == []
