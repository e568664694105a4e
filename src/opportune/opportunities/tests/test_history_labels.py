"""History labels fit their column, whatever the display name of the person they name."""

from opportune.opportunities import services
from opportune.opportunities.models import History
from opportune.testing import factories
from opportune.workspaces.models import Role

# 64 characters before the @ and 189 after: the longest address the e-mail field takes (254).
LONG_EMAIL = "a" * 64 + "@" + "d" * 63 + "." + "d" * 63 + "." + "d" * 57 + ".com"


def test_handing_over_to_someone_with_a_254_character_address_records_a_cut_label(
    workspace, member, opportunity
):
    assert len(LONG_EMAIL) == 254
    long_named = factories.UserFactory(email=LONG_EMAIL, full_name="")
    factories.MembershipFactory(workspace=workspace, user=long_named, role=Role.MEMBER)
    services.opportunity_update(
        opportunity=opportunity,
        actor=member,
        version=opportunity.version,
        changes={"owner": long_named},
    )
    entry = History.objects.get(field=History.Field.OWNER)
    assert entry.new_value == str(long_named.pk)
    assert len(entry.new_label) == 200
    assert entry.new_label == LONG_EMAIL[:199] + "…"
