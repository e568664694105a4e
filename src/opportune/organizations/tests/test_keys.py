"""Organization keys: proposed from the name, 2-6 capitals, unique in the workspace for good."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from hypothesis import example, given, settings
from hypothesis import strategies as st

from opportune.organizations import services
from opportune.organizations.keys import IGNORED_WORDS, KEY_PATTERN, candidates, propose_key
from opportune.organizations.models import Organization

KEY_REGEX = r"^[A-Z][A-Z0-9]{1,5}$"


# Proposals, no database


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bionic Systems GmbH", "BION"),
        ("bionic systems gmbh", "BION"),
        ("Müller Lebensmittel KG", "MUEL"),
        ("Österreichische Werkstätten GmbH", "OEST"),
        ("Großmann AG", "GROS"),
        ("Northwind Retail Inc.", "NORT"),
        ("The Acme Company Ltd", "ACME"),
        ("E.ON SE", "EON"),
        ("Kessler & Söhne Maschinenbau GmbH & Co. KG", "KESS"),
        ("3M Deutschland GmbH", "X3M"),
        ("", "ORG"),
        ("!!!", "ORG"),
        ("Q", "QX"),
    ],
)
def test_proposal_from_the_name(name, key):
    assert propose_key(name, set()) == key


@pytest.mark.parametrize("legal_form", ["GmbH", "AG", "Ltd", "Ltd.", "Inc", "Inc.", "SE", "KG"])
def test_legal_forms_are_ignored_before_and_after_the_name(legal_form):
    assert propose_key(f"Bionic {legal_form}", set()) == "BION"
    assert propose_key(f"{legal_form} Bionic", set()) == "BION"
    assert propose_key(f"Bionic Systems {legal_form}", set()) == "BION"


def test_a_name_of_legal_forms_only_still_gets_a_key():
    assert KEY_PATTERN.match(propose_key("GmbH & Co. KG", set()))


@pytest.mark.parametrize("word", sorted(IGNORED_WORDS))
def test_every_ignored_word_is_skipped(word):
    assert propose_key(f"{word} Zephyr {word}", set()) == "ZEPH"


def test_a_taken_key_gets_a_different_proposal():
    first = propose_key("Bionic Systems GmbH", set())
    second = propose_key("Bionic Systems GmbH", {first})
    third = propose_key("Bionic Systems GmbH", {first, second})
    assert len({first, second, third}) == 3
    assert all(KEY_PATTERN.match(key) for key in (first, second, third))


def test_numbered_variants_when_every_short_form_is_taken():
    taken = set(itertools.islice(candidates("Bionic Systems GmbH"), 6))
    key = propose_key("Bionic Systems GmbH", taken)
    assert key == "BION2"


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=80), taken=st.sets(st.from_regex(KEY_REGEX, fullmatch=True)))
@example(name="ǅ\u0301ß", taken=set())
@example(name="\x00\n\t", taken=set())
@example(name="İstanbul Ölçüm", taken={"ISTA"})
@example(name="١٢٣ Arabic digits", taken=set())
def test_any_name_gets_a_free_key_of_2_to_6_capitals(name, taken):
    key = propose_key(name, taken)
    assert KEY_PATTERN.match(key)
    assert key == key.strip() and "\n" not in key
    assert key not in taken


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=40), skip=st.integers(min_value=0, max_value=40))
def test_proposals_stay_valid_and_distinct_deep_into_the_list(name, skip):
    keys = list(itertools.islice(candidates(name), skip + 1))
    assert len(set(keys)) == len(keys)
    assert all(KEY_PATTERN.match(key) for key in keys)
    assert propose_key(name, set(keys[:skip])) == keys[skip]


# Keys in a workspace


def create(workspace, actor, name, **fields):
    return services.organization_create(workspace=workspace, actor=actor, name=name, **fields)


def test_create_proposes_the_key_automatically(workspace, owner):
    organization = create(workspace, owner, "Bionic Systems GmbH")
    assert organization.key == "BION"
    other = create(workspace, owner, "Bionic Labs AG")
    assert other.key != "BION"
    assert KEY_PATTERN.match(other.key)


def test_a_typed_key_is_stored_in_capitals(workspace, owner):
    assert create(workspace, owner, "Bionic Systems GmbH", key=" bsys ").key == "BSYS"


@pytest.mark.parametrize("key", ["B", "1ABC", "ABCDEFG", "AB-1", "ÄBC", "A B", "-", "AB\nC"])
def test_malformed_keys_are_refused_on_the_key_field(workspace, owner, key):
    with pytest.raises(ValidationError) as error:
        create(workspace, owner, "Bionic Systems GmbH", key=key)
    assert list(error.value.message_dict) == ["key"]
    assert not Organization.objects.exists()


def test_a_duplicate_key_is_refused_on_the_key_field(workspace, owner):
    create(workspace, owner, "Bionic Systems GmbH")
    with pytest.raises(ValidationError) as error:
        create(workspace, owner, "Bionic Labs AG", key="BION")
    assert error.value.message_dict == {
        "key": ["The key BION is already used by Bionic Systems GmbH."]
    }
    with pytest.raises(ValidationError) as error:
        create(workspace, owner, "Bionic Labs AG", key="bion")
    assert "key" in error.value.message_dict
    assert Organization.objects.count() == 1


def test_a_key_in_the_trash_stays_taken(workspace, owner):
    bionic = create(workspace, owner, "Bionic Systems GmbH")
    services.organization_delete(organization=bionic, actor=owner)
    with pytest.raises(ValidationError) as error:
        create(workspace, owner, "Bionic Labs AG", key="BION")
    assert "key" in error.value.message_dict
    assert create(workspace, owner, "Bionic Labs AG").key != "BION"


def test_keys_are_unique_per_workspace_only(workspace, owner, other_workspace, outsider):
    create(workspace, owner, "Bionic Systems GmbH")
    assert create(other_workspace, outsider, "Bionic Systems GmbH").key == "BION"
    assert create(other_workspace, outsider, "Bionic Labs", key="BSYS").key == "BSYS"


def test_a_key_taken_a_moment_ago_is_a_validation_error_not_a_crash(workspace, owner):
    # Another request saves an organization with the key BION after ours was proposed BION and
    # checked, just before our insert.
    def another_request_takes_the_key(sender, instance, **kwargs):
        if instance.name == "Bionic Labs AG":
            create(workspace, owner, "Bionic Systems GmbH", key=instance.key)

    pre_save.connect(another_request_takes_the_key, sender=Organization)
    try:
        with pytest.raises(ValidationError) as error:
            create(workspace, owner, "Bionic Labs AG")
    finally:
        pre_save.disconnect(another_request_takes_the_key, sender=Organization)
    assert error.value.message_dict == {"key": ["The key BION is already used."]}
    assert not Organization.objects.filter(name="Bionic Labs AG").exists()


def test_a_key_used_by_another_organizations_opportunities_is_refused(
    workspace, owner, bionic, opportunity
):
    services.organization_update(organization=bionic, actor=owner, key="BSYS", name=bionic.name)
    # BION-1 keeps its name for good, so nobody else may take BION.
    with pytest.raises(ValidationError) as error:
        create(workspace, owner, "Bionic Labs AG", key="BION")
    assert error.value.message_dict == {
        "key": ["The key BION was used by another organization before."]
    }
    labs = create(workspace, owner, "Bionic Labs AG", key="BLAB")
    with pytest.raises(ValidationError) as error:
        services.organization_update(organization=labs, actor=owner, key="BION", name=labs.name)
    assert "key" in error.value.message_dict
    # Its former holder may take it back.
    bionic = services.organization_update(
        organization=bionic, actor=owner, key="BION", name=bionic.name
    )
    assert bionic.key == "BION"


def test_the_proposal_avoids_keys_used_by_other_organizations_before(
    workspace, owner, bionic, opportunity, make_opportunity
):
    services.organization_update(organization=bionic, actor=owner, key="BSYS", name=bionic.name)
    assert services.proposed_key(workspace, "Bionic Labs AG") != "BION"
    labs = create(workspace, owner, "Bionic Labs AG")
    deal = make_opportunity(organization=labs, name="Pilot")
    assert deal.short_name == f"{labs.key}-1"


def test_renaming_the_key_keeps_old_short_names_and_the_count(
    workspace, owner, bionic, make_opportunity
):
    first = make_opportunity()
    # Fresh, as a page would load it (a stale copy resets the counter: see test_numbering).
    bionic.refresh_from_db()
    services.organization_update(organization=bionic, actor=owner, key="BSYS", name=bionic.name)
    second = make_opportunity(name="Maintenance 2026")
    first.refresh_from_db()
    assert (first.short_name, second.short_name) == ("BION-1", "BSYS-2")
