import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from opportune.opportunities.models import Opportunity
from opportune.opportunity_list.list_settings import list_settings_save

CSV_URL = "/w/acme/opportunities/export.csv"
XLSX_URL = "/w/acme/opportunities/export.xlsx"
BOM = "\ufeff"
TODAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def download(client, url, query=""):
    response = client.get(url + query)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def csv_rows(client, query="", delimiter=","):
    """The CSV's rows; the text must start with the BOM."""
    _response, content = download(client, CSV_URL, query)
    text = content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def xlsx_rows(client, query=""):
    """The first sheet's cells (read back in read-only mode), row by row."""
    _response, content = download(client, XLSX_URL, query)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.fixture
def deals(make_opportunity, phases, member, tags, fields):
    """Three deals; the filter `?phase=<Research>` picks the two Research ones."""
    research = phases["Research"]
    alpha = make_opportunity(
        name="Alpha deal",
        phase=research,
        owner=member,
        expected_value=Decimal("1234.50"),
        currency="USD",
        expected_close_on=datetime.date(2026, 7, 16),
        tags=[tags["Tender"], tags["Hot lead"]],
        custom={fields["employees"]: Decimal("-5"), fields["budget"]: Decimal("99.90")},
    )
    beta = make_opportunity(name="Beta deal", phase=research)
    make_opportunity(name="Gamma deal", phase=phases["Reminder"])
    return {"alpha": alpha, "beta": beta, "research": research}


def test_csv_has_every_filtered_row_in_the_chosen_columns_and_order(member_client, deals):
    query = (
        f"?phase={deals['research'].pk}&sort=name"
        "&columns=short_name,name,responsible,value,close,tags,cf_employees"
    )

    response, _content = download(member_client, CSV_URL, query)
    rows = csv_rows(member_client, query)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="opportunities-acme-\d{4}-\d{2}-\d{2}\.csv"', disposition
    )
    assert rows == [
        [
            "Short name",
            "Name",
            "Responsible",
            "Expected value",
            "Currency",
            "Expected close",
            "Tags",
            "Employees",
        ],
        [
            "BION-1",
            "Alpha deal",
            "Mia Member",
            "1234.50",
            "USD",
            "16/07/2026",
            "Hot lead, Tender",
            "-5",
        ],
        ["BION-2", "Beta deal", "", "", "EUR", "", "", ""],
    ]


def test_export_without_columns_uses_the_readers_chosen_ones(
    member_client, member, workspace, deals
):
    list_settings_save(workspace=workspace, user=member, columns=["name", "phase", "status"])

    rows = csv_rows(member_client, f"?phase={deals['research'].pk}&sort=-name")

    assert rows == [
        ["Name", "Phase", "Status"],
        ["Beta deal", "Research", "Sales"],
        ["Alpha deal", "Research", "Sales"],
    ]


def test_xlsx_has_the_rows_with_real_numbers_and_dates(member_client, deals):
    query = (
        f"?phase={deals['research'].pk}&sort=name"
        "&columns=name,value,close,created,probability,cf_employees,cf_budget"
    )

    response, _content = download(member_client, XLSX_URL, query)
    header, alpha, beta = xlsx_rows(member_client, query)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert re.fullmatch(
        r'attachment; filename="opportunities-acme-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    assert [cell.value for cell in header] == [
        "Name",
        "Expected value",
        "Currency",
        "Expected close",
        "Created",
        "Closing probability",
        "Employees",
        "Budget",
    ]
    name, value, currency, close, created, probability, employees, budget = alpha
    assert name.value == "Alpha deal"
    assert (value.value, value.data_type, value.number_format) == (1234.5, "n", "#,##0.00")
    assert currency.value == "USD"
    assert close.value == datetime.datetime(2026, 7, 16)
    assert close.number_format == "DD/MM/YYYY"
    assert isinstance(created.value, datetime.datetime)
    assert created.number_format == "DD/MM/YYYY HH:MM"
    assert (probability.value, probability.data_type) == (deals["alpha"].probability, "n")
    assert (employees.value, employees.data_type) == (-5, "n")
    assert (budget.value, budget.number_format) == (99.9, "#,##0.00")
    assert beta[0].value == "Beta deal"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_could_start_a_formula_is_neutralised(
    member_client, make_opportunity, fields, prefix
):
    dangerous = prefix + "cmd|' /C calc'!A0"
    make_opportunity(name="Deal", custom={fields["notes"]: dangerous, fields["employees"]: -7})
    query = "?columns=cf_notes,cf_employees"

    assert csv_rows(member_client, query)[1] == ["'" + dangerous, "-7"]
    notes, employees = xlsx_rows(member_client, query)[1]
    # Text, not a formula; XML reads a CR as a line feed, so compare what follows the prefix.
    assert (notes.value[1:], notes.data_type, notes.style_array.quotePrefix) == (
        dangerous[1:],
        "s",
        True,
    )
    assert (employees.value, employees.data_type) == (-7, "n")


def test_a_formula_in_the_name_stays_text_in_xlsx(member_client, make_opportunity):
    make_opportunity(name='=HYPERLINK("http://evil.example","Click")')

    assert csv_rows(member_client, "?columns=name")[1] == [
        '\'=HYPERLINK("http://evil.example","Click")'
    ]
    (name,) = xlsx_rows(member_client, "?columns=name")[1]
    assert name.data_type == "s"
    assert name.value == '=HYPERLINK("http://evil.example","Click")'


def test_german_reader_gets_semicolons_decimal_commas_and_german_dates(
    member_client, member, deals
):
    member.language = "de"
    member.save()
    query = f"?phase={deals['research'].pk}&sort=name&columns=name,value,close,created"

    rows = csv_rows(member_client, query, delimiter=";")
    header, alpha = xlsx_rows(member_client, query)[:2]

    assert rows[0] == [
        "Name",
        "Erwarteter Wert",
        "Währung",
        "Voraussichtlicher Abschluss",
        "Angelegt",
    ]
    assert rows[1][:4] == ["Alpha deal", "1234,50", "USD", "16.07.2026"]
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", rows[1][4])
    assert [cell.value for cell in header][:2] == ["Name", "Erwarteter Wert"]
    assert alpha[3].number_format == "DD.MM.YYYY"
    assert alpha[1].value == 1234.5


def test_machine_readable_format_ignores_the_language(member_client, member, deals):
    member.language = "de"
    member.save()
    query = (
        f"?phase={deals['research'].pk}&sort=name&columns=name,value,close,created&format=machine"
    )

    rows = csv_rows(member_client, query)
    header, alpha = xlsx_rows(member_client, query)[:2]

    assert rows[0][:2] == ["Name", "Erwarteter Wert"]  # labels stay in the reader's language
    assert rows[1][:4] == ["Alpha deal", "1234.50", "USD", "2026-07-16"]
    assert datetime.datetime.fromisoformat(rows[1][4]).tzinfo is not None
    assert alpha[3].number_format == "YYYY-MM-DD"


def test_viewer_may_export(viewer_client, make_opportunity):
    make_opportunity(name="Alpha deal")

    assert csv_rows(viewer_client, "?columns=name")[1] == ["Alpha deal"]
    assert xlsx_rows(viewer_client, "?columns=name")[1][0].value == "Alpha deal"


def test_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.get(CSV_URL).status_code == 404
    assert outsider_client.get(XLSX_URL).status_code == 404


def test_export_holds_only_the_workspaces_opportunities(
    member_client, make_opportunity, foreign_opportunity
):
    make_opportunity(name="Alpha deal")

    assert csv_rows(member_client, "?columns=name&status=all") == [["Name"], ["Alpha deal"]]
    names = [row[0].value for row in xlsx_rows(member_client, "?columns=name&status=all")]
    assert names == ["Name", "Alpha deal"]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_query_count_stays_the_same_for_10_and_200_rows(
    member_client, member, make_opportunity, phases, tags, fields, django_assert_num_queries, url
):
    region = fields["region"]
    dach = region.options.get(label="DACH")

    def make(count):
        for n in range(count):
            make_opportunity(
                name=f"Deal {n}",
                phase=phases["Research"],
                owner=member,
                tags=[tags["Tender"]],
                custom={region: dach, fields["employees"]: n},
            )

    query = (
        "?columns=short_name,name,organization,phase,responsible,tags,cf_region,cf_employees,value"
    )
    make(10)
    member_client.get(url)  # the first visit also remembers the workspace in the session
    with CaptureQueriesContext(connection) as captured:
        assert len(download(member_client, url, query)[1]) > 0
    make(190)
    with django_assert_num_queries(len(captured.captured_queries)):
        _response, content = download(member_client, url, query)
    if url == CSV_URL:
        assert content.decode().count("Deal ") == 200


def _bulk_opportunities(workspace, organization, phase, count):
    Opportunity.objects.bulk_create(
        Opportunity(
            workspace=workspace,
            organization=organization,
            number=number,
            short_name=f"{organization.key}-{number}",
            name=f"Deal {number}",
            phase=phase,
            expected_value=Decimal(number),
        )
        for number in range(1, count + 1)
    )


def test_5000_rows_are_streamed_in_chunks(member_client, workspace, bionic, phases):
    _bulk_opportunities(workspace, bionic, phases["Research"], 5000)

    response = member_client.get(CSV_URL + "?columns=short_name,tags,value&sort=short_name")
    assert response.streaming
    with CaptureQueriesContext(connection) as captured:
        pieces = list(response.streaming_content)

    lines = b"".join(pieces).decode().splitlines()
    assert len(lines) == 5001
    assert lines[1] == "BION-1,,1.00,EUR" and lines[-1] == "BION-5000,,5000.00,EUR"
    # Written as it is read: many pieces, and the tags fetched once per chunk of 2,000 rows.
    assert len(pieces) > 20
    tag_queries = [q for q in captured.captured_queries if "opportunity_tags" in q["sql"]]
    assert len(tag_queries) == 3


def test_5000_rows_export_as_xlsx(member_client, workspace, bionic, phases):
    _bulk_opportunities(workspace, bionic, phases["Research"], 5000)

    rows = xlsx_rows(member_client, "?columns=short_name,value&sort=short_name")

    assert len(rows) == 5001
    assert [cell.value for cell in rows[-1]] == ["BION-5000", 5000, "EUR"]


def test_list_offers_the_exports_of_what_it_shows(member_client, deals):
    phase = deals["research"].pk

    page = member_client.get(f"/w/acme/opportunities/?phase={phase}").content.decode()

    assert f'href="{CSV_URL}?phase={phase}" download>Export CSV<' in page
    assert f'href="{XLSX_URL}?phase={phase}" download>Export XLSX<' in page
    assert f'href="{CSV_URL}?format=machine&phase={phase}" download>' in page
