"""Every filter of the URL format, through OpportunityFilter (docs/list-url-format.md)."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from opportune.journal.models import Mood
from opportune.journal.services import entry_post, reminder_done
from opportune.opportunities import services
from opportune.opportunities.models import Opportunity
from opportune.opportunity_list import filters
from opportune.opportunity_list.filters import OpportunityFilter
from opportune.pipeline.models import Category, FieldType
from opportune.pipeline.services import custom_field_create
from opportune.tags.services import tag_create
from opportune.workspaces.models import Membership


def read(query, workspace, user):
    return OpportunityFilter.from_query(QueryDict(query), workspace=workspace, user=user)


@pytest.fixture
def shown(workspace, member):
    """Names of the opportunities of Acme that `query` shows to `user` (Mia by default)."""

    def shown(query, user=member):
        chosen = read(query, workspace, user)
        alive = Opportunity.objects.in_workspace(workspace).alive()
        return set(chosen.apply(alive).values_list("name", flat=True))

    return shown


def test_without_a_status_the_open_ones_are_shown(shown, make_opportunity, set_status, member):
    for status in ("sales", "on_hold", "implementation", "completed", "lost"):
        set_status(make_opportunity(name=status), status)

    assert shown("") == {"sales", "on_hold"}
    assert shown("status=open") == {"sales", "on_hold"}


def test_status_all_and_chosen_statuses(shown, make_opportunity, set_status):
    for status in ("sales", "on_hold", "implementation", "completed", "lost"):
        set_status(make_opportunity(name=status), status)

    assert shown("status=all") == {"sales", "on_hold", "implementation", "completed", "lost"}
    assert shown("status=lost&status=completed") == {"lost", "completed"}
    assert shown("status=open&status=lost") == {"sales", "on_hold", "lost"}


def test_phases_combine_as_any_of(shown, make_opportunity, phases):
    make_opportunity(name="Research deal", phase=phases["Research"])
    make_opportunity(name="Reminder deal", phase=phases["Reminder"])
    make_opportunity(name="Uncontacted deal", phase=phases["Uncontacted"])

    query = f"phase={phases['Research'].pk}&phase={phases['Reminder'].pk}"
    assert shown(query) == {"Research deal", "Reminder deal"}


def test_owner_me_is_whoever_reads_the_link(shown, make_opportunity, member, admin):
    make_opportunity(name="Mia's", owner=member)
    make_opportunity(name="Adam's", owner=admin)
    make_opportunity(name="Nobody's")

    assert shown("owner=me", user=member) == {"Mia's"}
    assert shown("owner=me", user=admin) == {"Adam's"}


def test_owner_none_and_ids_combine(shown, make_opportunity, member, admin):
    make_opportunity(name="Mia's", owner=member)
    make_opportunity(name="Adam's", owner=admin)
    make_opportunity(name="Nobody's")

    assert shown("owner=none") == {"Nobody's"}
    assert shown(f"owner={admin.pk}&owner=none") == {"Adam's", "Nobody's"}
    assert shown(f"owner={admin.pk}&owner=me") == {"Adam's", "Mia's"}


def test_organization_filter(shown, make_opportunity, globex_org):
    make_opportunity(name="Bionic deal")
    make_opportunity(name="Globex deal", organization=globex_org)

    assert shown(f"organization={globex_org.pk}") == {"Globex deal"}


def test_category_and_no_category(shown, make_opportunity, categories):
    make_opportunity(name="Onboarding deal", category=categories["Onboarding"])
    make_opportunity(name="Maintenance deal", category=categories["Maintenance"])
    make_opportunity(name="Uncategorized deal")

    assert shown(f"category={categories['Onboarding'].pk}") == {"Onboarding deal"}
    assert shown(f"category={categories['Maintenance'].pk}&category=none") == {
        "Maintenance deal",
        "Uncategorized deal",
    }


def test_tags_any_and_all(shown, make_opportunity, tags):
    hot, tender = tags["Hot lead"], tags["Tender"]
    make_opportunity(name="Both", tags=[hot, tender])
    make_opportunity(name="Hot only", tags=[hot])
    make_opportunity(name="Untagged")
    query = f"tag={hot.pk}&tag={tender.pk}"

    assert shown(query) == {"Both", "Hot only"}
    assert shown(query + "&tags=any") == {"Both", "Hot only"}
    assert shown(query + "&tags=all") == {"Both"}


def test_close_range_includes_both_ends(shown, make_opportunity):
    for day in (1, 2, 30, 31):
        make_opportunity(name=f"July {day}", expected_close_on=datetime.date(2026, 7, day))
    make_opportunity(name="No date")

    assert shown("close_from=2026-07-02&close_to=2026-07-30") == {"July 2", "July 30"}
    assert shown("close_from=2026-07-30") == {"July 30", "July 31"}
    assert shown("close_to=2026-07-01") == {"July 1"}


def test_created_range_counts_local_days(shown, make_opportunity, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    late = make_opportunity(name="Late on the 15th")
    early = make_opportunity(name="Early on the 16th")
    berlin = datetime.timezone(datetime.timedelta(hours=2))  # summer time
    Opportunity.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2026, 7, 15, 23, 30, tzinfo=berlin)
    )
    Opportunity.objects.filter(pk=early.pk).update(
        created_at=datetime.datetime(2026, 7, 16, 0, 30, tzinfo=berlin)
    )

    assert shown("created_from=2026-07-16") == {"Early on the 16th"}
    assert shown("created_to=2026-07-15") == {"Late on the 15th"}
    assert shown("created_from=2026-07-15&created_to=2026-07-16") == {
        "Late on the 15th",
        "Early on the 16th",
    }


@pytest.fixture
def reminders(make_opportunity, member):
    """Opportunities with an overdue, a done, a today's and a future reminder, and without."""
    today = timezone.localdate()
    made = {}
    for name, day in [
        ("Overdue", today - datetime.timedelta(days=3)),
        ("Done", today - datetime.timedelta(days=3)),
        ("Today", today),
        ("Future", today + datetime.timedelta(days=3)),
        ("None", None),
    ]:
        made[name] = make_opportunity(name=name)
        entry = entry_post(
            opportunity=made[name], author=member, mood=Mood.NEUTRAL, text="Call", reminder_on=day
        )
        if name == "Done":
            reminder_done(entry=entry, actor=member)
    return made


def test_overdue_shows_open_reminders_dated_before_today(shown, reminders):
    assert shown("overdue=yes") == {"Overdue"}


def test_overdue_reads_the_same_when_too_many_to_list(shown, reminders, monkeypatch):
    # Configuration: the number of overdue opportunities handed over as a list of ids.
    monkeypatch.setattr(filters, "OVERDUE_LISTED", 0)

    assert shown("overdue=yes") == {"Overdue"}


def test_free_text_searches(shown, make_opportunity):
    make_opportunity(name="Website relaunch")
    make_opportunity(name="CRM rollout")

    assert shown("q=relaunch") == {"Website relaunch"}


def test_select_fields_match_any_of_the_options(shown, make_opportunity, fields):
    region, products = fields["region"], fields["products"]
    dach, nordics = region.options.get(label="DACH"), region.options.get(label="Nordics")
    crm, api = products.options.get(label="CRM"), products.options.get(label="API")
    make_opportunity(name="DACH CRM", custom={region: dach, products: [crm]})
    make_opportunity(name="Nordics API", custom={region: nordics, products: [crm, api]})
    make_opportunity(name="Nothing")

    assert shown(f"cf_region={dach.pk}") == {"DACH CRM"}
    assert shown(f"cf_region={dach.pk}&cf_region={nordics.pk}") == {"DACH CRM", "Nordics API"}
    assert shown(f"cf_products={api.pk}") == {"Nordics API"}


@pytest.mark.parametrize(
    ("key", "values", "query", "expected"),
    [
        ("employees", (10, 50, 100), "cf_employees_min=50", {"50", "100"}),
        ("employees", (10, 50, 100), "cf_employees_min=10&cf_employees_max=50", {"10", "50"}),
        ("budget", (1000, 2500.5, 9000), "cf_budget_max=2500.50", {"1000", "2500.5"}),
        ("share", (10, 50, 90), "cf_share_min=50&cf_share_max=50", {"50"}),
    ],
)
def test_number_fields_take_inclusive_ranges(
    shown, make_opportunity, fields, key, values, query, expected
):
    for value in values:
        make_opportunity(name=str(value), custom={fields[key]: Decimal(str(value))})
    make_opportunity(name="Empty")

    assert shown(query) == expected


def test_date_fields_take_ranges_in_iso_and_the_readers_format(shown, make_opportunity, fields):
    start = fields["start"]
    for day in (1, 16, 31):
        make_opportunity(name=f"July {day}", custom={start: datetime.date(2026, 7, day)})

    assert shown("cf_start_min=2026-07-16") == {"July 16", "July 31"}
    assert shown("cf_start_max=16/07/2026") == {"July 1", "July 16"}
    with translation.override("de"):
        assert shown("cf_start_min=02.07.2026&cf_start_max=30.07.2026") == {"July 16"}


def test_checkbox_fields_yes_and_no(shown, make_opportunity, fields):
    make_opportunity(name="Key account", custom={fields["key_account"]: True})
    make_opportunity(name="Ordinary", custom={fields["key_account"]: False})
    make_opportunity(name="Never set")

    assert shown("cf_key_account=yes") == {"Key account"}
    assert shown("cf_key_account=no") == {"Ordinary", "Never set"}


@pytest.mark.parametrize(
    ("key", "value", "query"),
    [
        ("notes", "Met at the Hannover fair", "cf_notes=HANNOVER"),
        ("summary", "Long story.\nThey want a pilot first.", "cf_summary=pilot"),
        ("website", "https://bionic.example/shop", "cf_website=bionic.example"),
    ],
)
def test_text_fields_contain_ignoring_case(shown, make_opportunity, fields, key, value, query):
    make_opportunity(name="Match", custom={fields[key]: value})
    make_opportunity(name="Other", custom={fields[key]: "Something else"})

    assert shown(query) == {"Match"}


def test_user_fields_by_id_and_me(shown, make_opportunity, fields, member, admin):
    champion = fields["champion"]
    make_opportunity(name="Mia champions", custom={champion: member})
    make_opportunity(name="Adam champions", custom={champion: admin})
    make_opportunity(name="No champion")

    assert shown(f"cf_champion={admin.pk}") == {"Adam champions"}
    assert shown("cf_champion=me", user=member) == {"Mia champions"}
    assert shown(f"cf_champion=me&cf_champion={admin.pk}", user=member) == {
        "Mia champions",
        "Adam champions",
    }


def test_filters_narrow_each_other(shown, make_opportunity, phases, member):
    make_opportunity(name="Mine in research", phase=phases["Research"], owner=member)
    make_opportunity(name="Mine elsewhere", phase=phases["Reminder"], owner=member)
    make_opportunity(name="Nobody's in research", phase=phases["Research"])

    assert shown(f"phase={phases['Research'].pk}&owner=me") == {"Mine in research"}


def test_empty_values_are_absent_without_a_notice(workspace, member, fields):
    chosen = read("q=&phase=&status=&close_from=&cf_region=&tags=", workspace, member)

    assert chosen.is_default
    assert chosen.notices == ()


def test_default_filter(workspace, member, phases):
    assert read("", workspace, member).is_default
    assert read("status=open&tags=all", workspace, member).is_default
    assert not read("status=all", workspace, member).is_default
    assert not read(f"phase={phases['Research'].pk}", workspace, member).is_default


# Bad input: ignored with a notice that says what was ignored


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("phase=999", "Phase 999 does not exist in this workspace and was ignored."),
        ("phase=abc", "Phase abc does not exist in this workspace and was ignored."),
        ("close_after=yesterday", "Unknown filter “close_after” was ignored."),
        (
            "close_from=yesterday",
            "“yesterday” is not a valid date for “close_from” and was ignored.",
        ),
        (
            "created_to=2026-02-30",
            "“2026-02-30” is not a valid date for “created_to” and was ignored.",
        ),
        (
            "created_from=0001-01-01",
            "“0001-01-01” is not a valid date for “created_from” and was ignored.",
        ),
        ("status=won", "Status “won” does not exist and was ignored."),
        ("owner=999", "User 999 is not a member of this workspace and was ignored."),
        ("owner=somebody", "User somebody is not a member of this workspace and was ignored."),
        ("organization=999", "Organization 999 does not exist in this workspace and was ignored."),
        ("category=999", "Category 999 does not exist in this workspace and was ignored."),
        ("tag=999", "Tag 999 does not exist in this workspace and was ignored."),
        ("tags=most", "“most” is not a choice for “tags” (any or all) and was ignored."),
        ("overdue=maybe", "“maybe” is not a valid value for “overdue” (yes) and was ignored."),
        ("cf_nope=1", "Unknown filter “cf_nope” was ignored."),
        ("cf_region_min=1", "Unknown filter “cf_region_min” was ignored."),
        ("cf_employees=5", "Unknown filter “cf_employees” was ignored."),
        ("cf_region=999", "Option 999 of “Region” does not exist and was ignored."),
        (
            "cf_employees_min=many",
            "“many” is not a valid number for “cf_employees_min” and was ignored.",
        ),
        (
            "cf_employees_max=NaN",
            "“NaN” is not a valid number for “cf_employees_max” and was ignored.",
        ),
        (
            "cf_budget_min=1e999",
            "“1e999” is not a valid number for “cf_budget_min” and was ignored.",
        ),
        ("cf_start_min=soon", "“soon” is not a valid date for “cf_start_min” and was ignored."),
        (
            "cf_key_account=maybe",
            "“maybe” is not a valid value for “cf_key_account” (yes or no) and was ignored.",
        ),
        ("cf_champion=none", "User none is not a member of this workspace and was ignored."),
    ],
)
def test_bad_input_is_ignored_with_a_notice(workspace, member, fields, query, notice):
    chosen = read(query, workspace, member)

    assert chosen.notices == (notice,)
    assert chosen.is_default


def test_a_long_search_is_cut_with_a_notice(workspace, member):
    chosen = read("q=" + "x" * 300, workspace, member)

    assert chosen.text == "x" * 200
    assert chosen.notices == ("The search text was cut to 200 characters.",)


def test_a_long_unknown_key_is_quoted_cut(workspace, member):
    chosen = read("k" * 3000 + "=1", workspace, member)

    assert chosen.notices == ("Unknown filter “" + "k" * 100 + "…” was ignored.",)


def test_valid_values_stay_when_others_are_ignored(workspace, member, phases):
    research = phases["Research"]
    chosen = read(f"phase={research.pk}&phase=999&phase=x", workspace, member)

    assert chosen.phases == (research.pk,)
    assert len(chosen.notices) == 2


def test_notices_are_translated(workspace, member):
    with translation.override("de"):
        chosen = read("phase=999&close_after=1", workspace, member)

    assert chosen.notices == (
        "Der unbekannte Filter „close_after“ wurde ignoriert.",
        "Die Phase 999 gibt es in diesem Workspace nicht; sie wurde ignoriert.",
    )


# Isolation: another workspace's ids name nothing here


def test_ids_of_another_workspace_are_ignored_and_never_show_its_opportunities(
    shown, workspace, member, outsider, other_workspace, foreign_opportunity, make_opportunity
):
    make_opportunity(name="Ours")
    foreign_tag = tag_create(workspace=other_workspace, name="Secret", colour="red")
    foreign_field = custom_field_create(
        workspace=other_workspace,
        label="Secret region",
        key="secret",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=False,
        options=["Mars"],
    )
    services.opportunity_update(
        opportunity=foreign_opportunity,
        actor=outsider,
        version=foreign_opportunity.version,
        changes={},
        tags=[foreign_tag],
        custom={foreign_field: foreign_field.options.get()},
    )
    foreign = {
        "phase": foreign_opportunity.phase_id,
        "organization": foreign_opportunity.organization_id,
        "category": Category.objects.in_workspace(other_workspace).first().pk,
        "tag": foreign_tag.pk,
        "owner": outsider.pk,
    }
    for key, pk in foreign.items():
        chosen = read(f"{key}={pk}", workspace, member)
        assert chosen.is_default, key
        assert len(chosen.notices) == 1, key
        assert shown(f"{key}={pk}") == {"Ours"}
    option = foreign_field.options.get()
    chosen = read(f"cf_secret={option.pk}", workspace, member)
    assert chosen.notices == ("Unknown filter “cf_secret” was ignored.",)
    assert shown("status=all&q=Secret") == set()


def test_an_option_of_another_field_is_ignored(workspace, member, fields):
    nordics = fields["region"].options.get(label="Nordics")
    chosen = read(f"cf_products={nordics.pk}", workspace, member)

    assert chosen.fields == ()
    assert chosen.notices == (f"Option {nordics.pk} of “Products” does not exist and was ignored.",)


def test_someone_who_left_the_workspace_is_no_longer_a_member(workspace, member, admin):
    Membership.objects.filter(user=admin).delete()
    chosen = read(f"owner={admin.pk}", workspace, member)

    assert chosen.owners == ()
    assert chosen.notices == (
        f"User {admin.pk} is not a member of this workspace and was ignored.",
    )
