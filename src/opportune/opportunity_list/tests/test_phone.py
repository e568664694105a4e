"""What the list sends for a phone's width: the folded filter panel and one card per opportunity
(tests/browser/test_opportunity_list.py checks what the browser shows of them)."""

import re
from decimal import Decimal
from html import unescape

URL = "/w/acme/opportunities/"


def get(client, query=""):
    response = client.get(f"{URL}{query}", follow=True)
    assert response.status_code == 200
    return unescape(response.content.decode())


def panel_button(page: str) -> str:
    """The text of the filter panel's button, tags and spaces reduced."""
    summary = re.search(r'<details class="filter-panel">\s*<summary[^>]*>(.*?)</summary>', page)
    return " ".join(re.sub(r"<[^>]+>", " ", summary.group(1)).split())


def cards(page: str) -> list[str]:
    """The text of each card, tags and spaces reduced."""
    found = re.findall(r'<li class="opportunity-card">(.*?)</li>', page, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in found]


def test_filter_panel_button_counts_the_chosen_filters_not_the_default_status(
    member_client, phases
):
    research = phases["Research"].pk

    assert panel_button(get(member_client)) == "Filters"
    assert panel_button(get(member_client, "?status=all")) == "Filters 1"
    assert panel_button(get(member_client, f"?phase={research}&owner=me&q=crm")) == "Filters 3"


def test_each_opportunity_has_a_card_with_its_link_phase_value_and_responsible(
    member_client, make_opportunity, phases, member
):
    make_opportunity(
        name="CRM rollout",
        phase=phases["Research"],
        owner=member,
        expected_value=Decimal("12500.50"),
    )
    make_opportunity(name="Security review", phase=phases["Reminder"])

    page = get(member_client)

    assert cards(page) == [
        "BION-2 Reminder Security review Organization: Bionic Systems GmbH Expected value: —",
        "BION-1 Research CRM rollout Organization: Bionic Systems GmbH "
        "Expected value: 12,500.50 € Responsible: Mia Member",
    ]
    assert '<a class="opportunity-card-name" href="/w/acme/o/BION-1/">CRM rollout</a>' in page
    assert re.search(r'<span class="chip c-\w+">Research</span>', page)
