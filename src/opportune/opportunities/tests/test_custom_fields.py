"""Custom field values: validated by type through `form_field_for`, stored in their typed column.

Pages and the API validate with `fields.form_field_for(field, options=..., users=...)` and pass the
cleaned values to `services.opportunity_create/opportunity_update(custom=...)`.
"""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opportune.accounts.models import User
from opportune.opportunities import custom_values, services
from opportune.opportunities.models import CustomFieldValue
from opportune.organizations.services import organization_create
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.fields import COLUMN, form_field_for
from opportune.pipeline.models import CustomField, CustomFieldOption, FieldType

pytestmark = pytest.mark.django_db

PERCENT_MESSAGE = "Enter a number between 0 and 100."
DATE_MESSAGE = "Enter a valid date, e.g. 16.07.2025 or 2025-07-16."
URL_MESSAGE = "Enter a web address starting with http:// or https://."
MONEY_MESSAGE = "Enter an amount of 0 or more."
TEN_MB = "x" * (10 * 1024 * 1024)
DB_EXAMPLES = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# key: (label, type, options)
FIELDS = {
    "notes": ("Notes", FieldType.TEXT, []),
    "background": ("Background", FieldType.LONG_TEXT, []),
    "employees": ("Employees", FieldType.NUMBER, []),
    "share": ("Share of wallet", FieldType.PERCENT, []),
    "budget": ("Budget", FieldType.MONEY, []),
    "kickoff": ("Kick-off", FieldType.DATE, []),
    "channel": ("Lead channel", FieldType.SINGLE_SELECT, ["Website", "Referral", "Trade fair"]),
    "products": ("Products", FieldType.MULTI_SELECT, ["CRM", "ERP", "Support"]),
    "nda": ("NDA signed", FieldType.CHECKBOX, []),
    "tender": ("Tender page", FieldType.URL, []),
    "lead": ("Technical lead", FieldType.USER, []),
}


@pytest.fixture
def fields(workspace):
    created = {}
    for key, (label, field_type, options) in FIELDS.items():
        created[key] = pipeline_services.custom_field_create(
            workspace=workspace,
            label=label,
            key=key,
            type=field_type,
            is_required=False,
            is_shown_in_list=False,
            options=options,
        )
    return created


@pytest.fixture
def members(workspace, owner, member, viewer):
    return User.objects.filter(memberships__workspace=workspace)


@pytest.fixture
def bion(workspace, owner):
    pipeline_services.create_defaults(sender=None, workspace=workspace)
    return organization_create(workspace=workspace, actor=owner, name="Bionic Systems GmbH")


@pytest.fixture
def clean(members):
    def clean(field, raw):
        return form_field_for(field, options=field.options.all(), users=members).clean(raw)

    return clean


def option(field, label):
    return field.options.get(label=label)


def create_with(organization, custom, name="CRM rollout"):
    return services.opportunity_create(
        workspace=organization.workspace,
        actor=None,
        organization=organization,
        name=name,
        custom=custom,
    )


def read_back(opportunity, field):
    """(form initial, displayed text) as the opportunity's pages show them."""
    initial = custom_values.initial_for(opportunity, [field])[f"cf_{field.key}"]
    displayed = dict(custom_values.display_values(opportunity, [field]))[field]
    return initial, displayed


def errors_of(clean, field, raw) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        clean(field, raw)
    return error.value


# Valid values: stored in the right column, read back as entered


@pytest.mark.parametrize(
    ("key", "raw", "stored", "displayed"),
    [
        ("notes", "  Call back after the fair  ", "Call back after the fair", None),
        ("background", "Line one\nLine two\n", "Line one\nLine two", None),
        ("employees", "1234.5", Decimal("1234.5"), "1234.5"),
        ("employees", "-17", Decimal("-17"), "-17"),
        ("share", "12.5", Decimal("12.5"), "12.5 %"),
        ("share", "0", Decimal("0"), "0 %"),
        ("share", "100", Decimal("100"), "100 %"),
        ("budget", "1500", Decimal("1500"), "1,500.00\xa0€"),
        ("kickoff", "16/07/2025", datetime.date(2025, 7, 16), "16/07/2025"),
        ("kickoff", "2025-07-16", datetime.date(2025, 7, 16), "16/07/2025"),
        ("nda", "on", True, "✓"),
        ("tender", "https://tender.example/lot-4?id=7", "https://tender.example/lot-4?id=7", None),
        ("tender", "tender.example/lot-4", "https://tender.example/lot-4", None),
    ],
)
def test_valid_values_are_stored_typed_and_read_back(
    clean, fields, bion, key, raw, stored, displayed
):
    field = fields[key]
    value = clean(field, raw)
    assert value == stored
    opportunity = create_with(bion, {field: value})
    row = CustomFieldValue.objects.get(opportunity=opportunity, field=field)
    assert getattr(row, COLUMN[FieldType(field.type)]) == stored
    assert row.workspace_id == opportunity.workspace_id
    assert read_back(opportunity, field) == (stored, displayed or stored)


def test_a_long_text_keeps_its_lines_and_does_not_touch_the_short_text_column(clean, fields, bion):
    field = fields["background"]
    value = clean(field, "First line\n\nThird line")
    opportunity = create_with(bion, {field: value})
    row = CustomFieldValue.objects.get(opportunity=opportunity, field=field)
    assert (row.long_text, row.text, row.number, row.date) == (value, "", None, None)


def test_a_single_select_stores_the_option(clean, fields, bion):
    field = fields["channel"]
    referral = option(field, "Referral")
    value = clean(field, str(referral.pk))
    assert value == referral
    opportunity = create_with(bion, {field: value})
    row = CustomFieldValue.objects.get(opportunity=opportunity, field=field)
    assert row.option_id == referral.pk
    assert read_back(opportunity, field) == (referral.pk, "Referral")


def test_a_multi_select_stores_one_row_per_option(clean, fields, bion):
    field = fields["products"]
    crm, support = option(field, "CRM"), option(field, "Support")
    value = clean(field, [str(support.pk), str(crm.pk)])
    assert set(value) == {crm, support}
    opportunity = create_with(bion, {field: value})
    rows = CustomFieldValue.objects.filter(opportunity=opportunity, field=field)
    assert sorted(rows.values_list("option_id", flat=True)) == sorted([crm.pk, support.pk])
    initial, displayed = read_back(opportunity, field)
    assert initial == sorted([crm.pk, support.pk])
    assert sorted(displayed.split(", ")) == ["CRM", "Support"]


def test_a_user_field_stores_a_member(clean, fields, bion, member):
    field = fields["lead"]
    value = clean(field, str(member.pk))
    assert value == member
    opportunity = create_with(bion, {field: value})
    assert CustomFieldValue.objects.get(opportunity=opportunity, field=field).user == member
    assert read_back(opportunity, field) == (member.pk, "Mia Member")


@pytest.mark.parametrize("raw", ["", "false", "0", False, None])
def test_an_unticked_checkbox_stores_nothing(clean, fields, bion, raw):
    field = fields["nda"]
    assert clean(field, raw) is False
    opportunity = create_with(bion, {field: False})
    assert not CustomFieldValue.objects.filter(opportunity=opportunity).exists()
    assert read_back(opportunity, field) == (False, "")


def test_empty_optional_values_store_nothing(clean, fields, bion):
    cleaned = {
        field: clean(field, [] if field.type == FieldType.MULTI_SELECT else "")
        for field in fields.values()
    }
    opportunity = create_with(bion, cleaned)
    assert not CustomFieldValue.objects.filter(opportunity=opportunity).exists()
    for field in fields.values():
        assert read_back(opportunity, field)[1] == ""


@pytest.mark.parametrize(
    ("key", "raw", "stored", "displayed"),
    [
        ("employees", "1234,5", Decimal("1234.5"), "1234,5"),
        ("share", "12,5", Decimal("12.5"), "12,5 %"),
        ("budget", "1500,50", Decimal("1500.50"), "1.500,50\xa0€"),
        ("kickoff", "16.07.2025", datetime.date(2025, 7, 16), "16.07.2025"),
        ("kickoff", "2025-07-16", datetime.date(2025, 7, 16), "16.07.2025"),
    ],
)
def test_german_input_and_display(clean, fields, bion, key, raw, stored, displayed):
    field = fields[key]
    with translation.override("de"):
        value = clean(field, raw)
        assert value == stored
        opportunity = create_with(bion, {field: value})
        assert read_back(opportunity, field) == (stored, displayed)


def test_an_edit_replaces_and_clears_values(clean, fields, bion):
    channel, products, nda = fields["channel"], fields["products"], fields["nda"]
    opportunity = create_with(
        bion,
        {
            channel: option(channel, "Website"),
            products: clean(products, [str(option(products, "CRM").pk)]),
            nda: True,
        },
    )
    version = opportunity.version
    erp, support = option(products, "ERP"), option(products, "Support")
    opportunity = services.opportunity_update(
        opportunity=opportunity,
        actor=None,
        version=version,
        changes={},
        custom={
            channel: option(channel, "Referral"),
            products: clean(products, [str(erp.pk), str(support.pk)]),
            nda: False,
        },
    )
    assert opportunity.version == version + 1
    assert read_back(opportunity, channel) == (option(channel, "Referral").pk, "Referral")
    assert read_back(opportunity, products)[0] == sorted([erp.pk, support.pk])
    assert read_back(opportunity, nda) == (False, "")
    # Empty clears; an unchanged value is no change at all.
    opportunity = services.opportunity_update(
        opportunity=opportunity, actor=None, version=None, changes={}, custom={channel: None}
    )
    assert read_back(opportunity, channel) == (None, "")
    unchanged = services.opportunity_update(
        opportunity=opportunity,
        actor=None,
        version=None,
        changes={},
        custom={products: clean(products, [str(support.pk), str(erp.pk)])},
    )
    assert unchanged.version == opportunity.version
    assert CustomFieldValue.objects.filter(opportunity=opportunity).count() == 2


def test_an_edit_of_one_field_leaves_the_others(clean, fields, bion):
    notes, budget = fields["notes"], fields["budget"]
    opportunity = create_with(bion, {notes: "Keep me", budget: Decimal("100")})
    opportunity = services.opportunity_update(
        opportunity=opportunity,
        actor=None,
        version=None,
        changes={},
        custom={budget: clean(budget, "250.75")},
    )
    assert read_back(opportunity, notes) == ("Keep me", "Keep me")
    assert read_back(opportunity, budget)[0] == Decimal("250.75")


# Invalid values: refused with a specific message


@pytest.mark.parametrize("raw", ["101", "-1", "100.01", "-0.01", "1e3", "abc", "NaN", "Infinity"])
def test_percent_outside_0_to_100_is_refused(clean, fields, raw):
    assert PERCENT_MESSAGE in errors_of(clean, fields["share"], raw).messages


def test_percent_with_more_than_two_decimals_is_refused(clean, fields):
    error = errors_of(clean, fields["share"], "12.345")
    assert error.messages == ["Ensure that there are no more than 2 decimal places."]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("raw", ["31.02.2026", "31/02/2026", "2026-02-31", "30.13.2026", "morgen"])
def test_impossible_dates_are_refused_in_both_languages(clean, fields, language, raw):
    with translation.override(language):
        error = errors_of(clean, fields["kickoff"], raw)
        assert error.messages == [gettext(DATE_MESSAGE)]


def test_an_american_date_is_not_silently_read_as_another_day(clean, fields):
    with translation.override("en"):
        assert errors_of(clean, fields["kickoff"], "07/16/2025").messages == [DATE_MESSAGE]


def test_a_select_value_of_another_field_or_workspace_is_refused(clean, fields, other_workspace):
    channel, products = fields["channel"], fields["products"]
    theirs = pipeline_services.custom_field_create(
        workspace=other_workspace,
        label="Lead channel",
        key="channel",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=False,
        options=["Website"],
    )
    foreign = [option(products, "CRM"), option(theirs, "Website")]
    for stranger in foreign:
        error = errors_of(clean, channel, str(stranger.pk))
        assert [e.code for e in error.error_list] == ["invalid_choice"]
        assert error.messages == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    own = str(option(products, "ERP").pk)
    error = errors_of(clean, products, [own, str(option(theirs, "Website").pk)])
    assert [e.code for e in error.error_list] == ["invalid_choice"]
    error = errors_of(clean, products, [own, str(option(channel, "Website").pk)])
    assert [e.code for e in error.error_list] == ["invalid_choice"]
    for junk in ["abc", "-1", "0", "1.5", "1; DROP TABLE x", "99999999999999999999999"]:
        assert errors_of(clean, channel, junk).error_list[0].code == "invalid_choice"
        assert errors_of(clean, fields["lead"], junk).error_list[0].code == "invalid_choice"
    for junk in ["abc", "-1", "0", "1.5", "1; DROP TABLE x"]:
        assert errors_of(clean, products, [junk]).error_list[0].code in {
            "invalid_choice",
            "invalid_pk_value",
        }


def test_a_huge_option_id_in_a_multi_select_is_a_validation_error(clean, fields):
    error = errors_of(clean, fields["products"], ["99999999999999999999999"])
    assert error.error_list[0].code in {"invalid_choice", "invalid_pk_value"}


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\nscript:alert(1)",
        "ftp://x",
        "ftp://files.example/offer.pdf",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "mailto:info@bionic.example",
        "http://",
        "https://exa mple.example",
    ],
)
def test_only_web_addresses_are_accepted_for_urls(clean, fields, raw):
    assert errors_of(clean, fields["tender"], raw).messages == [URL_MESSAGE]


@pytest.mark.parametrize(("key", "limit"), [("notes", 500), ("background", 10_000)])
def test_a_10_mb_text_is_refused(clean, fields, key, limit):
    error = errors_of(clean, fields[key], TEN_MB)
    assert error.messages == [
        f"Ensure this value has at most {limit} characters (it has {len(TEN_MB)})."
    ]
    assert len(clean(fields[key], "x" * limit)) == limit


def test_a_too_long_url_is_refused(clean, fields):
    url = "https://tender.example/" + "a" * 500
    assert errors_of(clean, fields["tender"], url).error_list[0].code == "max_length"


@pytest.mark.parametrize("raw", ["-5", "-0.01"])
def test_negative_money_is_refused(clean, fields, raw):
    assert errors_of(clean, fields["budget"], raw).messages == [MONEY_MESSAGE]


@pytest.mark.parametrize("raw", ["10.005", "1000000000000", "lots"])
def test_other_bad_money_is_refused(clean, fields, raw):
    assert errors_of(clean, fields["budget"], raw).messages


@pytest.mark.parametrize("raw", ["1000000000000", "-1000000000000", "1.23456", "twelve"])
def test_bad_numbers_are_refused(clean, fields, raw):
    assert errors_of(clean, fields["employees"], raw).messages


def test_a_user_who_is_not_a_member_is_refused(clean, fields, outsider, viewer):
    field = fields["lead"]
    error = errors_of(clean, field, str(outsider.pk))
    assert error.messages == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert clean(field, str(viewer.pk)) == viewer


def test_a_required_field_needs_a_value_but_a_required_checkbox_does_not(workspace, members):
    for field_type in [t for t in FieldType if t not in (FieldType.CHECKBOX,)]:
        field = CustomField(workspace=workspace, label="X", key="x", type=field_type)
        field.is_required = True
        options = CustomFieldOption.objects.none()
        form_field = form_field_for(field, options=options, users=members)
        with pytest.raises(ValidationError) as error:
            form_field.clean([] if field_type == FieldType.MULTI_SELECT else "")
        assert error.value.messages == ["This field is required."], field_type
    checkbox = CustomField(workspace=workspace, label="X", key="x", type=FieldType.CHECKBOX)
    checkbox.is_required = True
    assert form_field_for(checkbox).clean("") is False


# Property-based: any input, any language


def _without_db(field_type: FieldType) -> forms.Field:
    return form_field_for(CustomField(label="X", key="x", type=field_type))


PLAIN_TYPES = [t for t in FieldType if t not in (FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT)]
PLAIN_TYPES.remove(FieldType.USER)


@settings(max_examples=300, deadline=None)
@given(
    field_type=st.sampled_from(PLAIN_TYPES),
    raw=st.one_of(st.text(), st.text(alphabet="0123456789.,-+eE /:aN"), st.none()),
    language=st.sampled_from(["en", "de"]),
)
@example(field_type=FieldType.NUMBER, raw="1e999999999", language="en")
@example(field_type=FieldType.NUMBER, raw="9" * 5000, language="en")
@example(field_type=FieldType.PERCENT, raw="-0", language="de")
@example(field_type=FieldType.DATE, raw="99.99.99999", language="de")
@example(field_type=FieldType.URL, raw="https://[::1", language="en")
@example(field_type=FieldType.URL, raw="http://xn--", language="en")
@example(field_type=FieldType.TEXT, raw="a\x00b", language="en")
def test_any_text_gives_a_value_or_a_validation_error(field_type, raw, language):
    with translation.override(language):
        try:
            _without_db(field_type).clean(raw)
        except ValidationError as error:
            assert error.messages and all(error.messages)


@DB_EXAMPLES
@given(
    raw=st.one_of(st.text(), st.lists(st.text(), max_size=3), st.integers().map(str)),
    language=st.sampled_from(["en", "de"]),
)
@example(raw="\x00", language="en")
@example(raw=["1", "\x00"], language="en")
@example(raw="99999999999999999999999999", language="de")
def test_any_input_to_select_and_user_fields_gives_a_value_or_a_validation_error(
    clean, fields, raw, language
):
    with translation.override(language):
        for key in ("channel", "products", "lead"):
            try:
                value = clean(fields[key], raw)
            except ValidationError as error:
                assert error.messages
            else:
                # Whatever got through belongs to this field (or the workspace's members).
                if key == "lead":
                    assert (
                        value is None
                        or value.memberships.filter(workspace=fields[key].workspace).exists()
                    )
                else:
                    chosen = [value] if key == "channel" else list(value or [])
                    assert all(o is None or o.field_id == fields[key].pk for o in chosen)


@settings(max_examples=200, deadline=None)
@given(raw=st.text())
@example(raw="java\tscript:alert(1)")
@example(raw="\x01javascript:alert(1)")
@example(raw="//evil.example")
def test_an_accepted_url_is_always_http_or_https(raw):
    try:
        value = _without_db(FieldType.URL).clean(raw)
    except ValidationError:
        return
    assert value == "" or value.startswith(("http://", "https://"))


@DB_EXAMPLES
@given(raw=st.text(), long=st.booleans())
@example(raw="  padded  \n", long=False)
@example(raw="Ünïcödé – “quotes” – 😀", long=True)
def test_any_accepted_text_is_stored_as_cleaned(fields, bion, clean, raw, long):
    field = fields["background" if long else "notes"]
    try:
        value = clean(field, raw)
    except ValidationError:
        return
    opportunity = create_with(bion, {field: value})
    assert read_back(opportunity, field) == ((value, value) if value else (None, ""))


def _localized(number: Decimal) -> str:
    return formats.localize_input(number)


@DB_EXAMPLES
@given(
    number=st.decimals(min_value=0, max_value=100, places=2),
    language=st.sampled_from(["en", "de"]),
)
@example(number=Decimal("100.00"), language="de")
@example(number=Decimal("0.01"), language="en")
def test_any_percent_from_0_to_100_round_trips(fields, bion, clean, number, language):
    field = fields["share"]
    with translation.override(language):
        value = clean(field, _localized(number))
        assert value == number
        opportunity = create_with(bion, {field: value})
        initial, displayed = read_back(opportunity, field)
    assert initial == number
    assert displayed.endswith(" %")


@settings(max_examples=100, deadline=None)
@given(
    number=st.one_of(
        st.decimals(max_value=Decimal("-0.01"), places=2, allow_nan=False, allow_infinity=False),
        st.decimals(min_value=Decimal("100.01"), places=2, allow_nan=False, allow_infinity=False),
        st.integers(max_value=-1).map(Decimal),
        st.integers(min_value=101).map(Decimal),
    ),
    language=st.sampled_from(["en", "de"]),
)
def test_any_percent_outside_0_to_100_is_refused(number, language):
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            _without_db(FieldType.PERCENT).clean(_localized(number))
        assert gettext(PERCENT_MESSAGE) in error.value.messages


@settings(max_examples=100, deadline=None)
@given(number=st.integers(min_value=0, max_value=100), language=st.sampled_from(["en", "de"]))
def test_any_whole_percent_is_accepted(number, language):
    with translation.override(language):
        assert _without_db(FieldType.PERCENT).clean(str(number)) == number


@DB_EXAMPLES
@given(
    # 15 significant digits: what SQLite keeps (see the next test for the 16th).
    number=st.decimals(min_value=-(10**11) + 1, max_value=10**11 - 1, places=4),
    language=st.sampled_from(["en", "de"]),
)
def test_any_number_in_range_round_trips(fields, bion, clean, number, language):
    field = fields["employees"]
    with translation.override(language):
        value = clean(field, _localized(number))
        opportunity = create_with(bion, {field: value})
    assert value == number
    assert read_back(opportunity, field)[0] == number


def test_the_largest_accepted_numbers_are_stored_exactly(fields, bion, clean):
    field = fields["employees"]
    # 15 significant digits: what SQLite keeps exactly, and what the field accepts.
    for raw in ["99999999999.9999", "99999999999.999", "-99999999999.9999"]:
        value = clean(field, raw)
        assert value == Decimal(raw)
        opportunity = create_with(bion, {field: value}, name=raw)
        assert read_back(opportunity, field)[0] == Decimal(raw)


@DB_EXAMPLES
@given(
    amount=st.decimals(min_value=0, max_value=10**12 - 1, places=2),
    language=st.sampled_from(["en", "de"]),
)
def test_any_amount_round_trips(fields, bion, clean, amount, language):
    field = fields["budget"]
    with translation.override(language):
        value = clean(field, _localized(amount))
        opportunity = create_with(bion, {field: value})
        initial, displayed = read_back(opportunity, field)
    assert value == amount == initial
    assert displayed.endswith("€")


@DB_EXAMPLES
@given(day=st.dates(), language=st.sampled_from(["en", "de"]))
@example(day=datetime.date(1, 1, 1), language="de")
@example(day=datetime.date(9999, 12, 31), language="en")
@example(day=datetime.date(2024, 2, 29), language="en")
def test_any_date_in_the_locales_format_round_trips(fields, bion, clean, day, language):
    field = fields["kickoff"]
    with translation.override(language):
        shown = formats.date_format(day, "SHORT_DATE_FORMAT")
        assert clean(field, shown) == day
        assert clean(field, formats.localize_input(day)) == day
        opportunity = create_with(bion, {field: day})
        assert read_back(opportunity, field) == (day, shown)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(), language=st.sampled_from(["en", "de"]))
def test_iso_dates_are_understood_in_both_languages(day, language):
    with translation.override(language):
        assert _without_db(FieldType.DATE).clean(day.isoformat()) == day
