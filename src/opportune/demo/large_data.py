"""Word lists of the large workspace (`opportune seed-large`), on top of the demo's (data.py).

Everything is invented: organization names are drawn from the parts below, mail and web domains
use the reserved `.example` top-level domain, phone numbers follow each country's prefix with the
555 exchange that films use.
"""

from opportune.core.colours import Colour
from opportune.workspaces.models import Role

# The sellers and readers besides the bench user: (full name, role).
TEAM = [
    ("Anna Berger", Role.ADMIN),
    ("Ben Carter", Role.ADMIN),
    ("Clara Dietrich", Role.MEMBER),
    ("David Evans", Role.MEMBER),
    ("Elif Yildiz", Role.MEMBER),
    ("Felix Hartmann", Role.MEMBER),
    ("Grace Hughes", Role.MEMBER),
    ("Hanna Lindqvist", Role.MEMBER),
    ("Jonas Keller", Role.MEMBER),
    ("Katie Murphy", Role.MEMBER),
    ("Lukas Brandt", Role.MEMBER),
    ("Maria Rossi", Role.MEMBER),
    ("Noah Fischer", Role.MEMBER),
    ("Olivia Wright", Role.MEMBER),
    ("Paul Jansen", Role.MEMBER),
    ("Ruth Okafor", Role.MEMBER),
    ("Simon Vogel", Role.MEMBER),
    ("Tara Singh", Role.VIEWER),
    ("Uwe Krause", Role.VIEWER),
    ("Vera Lang", Role.VIEWER),
]
TEAM_DOMAIN = "large.opportune.example"

# Tags besides the demo's: seasonal and situational labels a big team invents.
EXTRA_TAGS = [
    ("Q1 target", Colour.LIME),
    ("Q2 target", Colour.LIME),
    ("Q3 target", Colour.LIME),
    ("Q4 target", Colour.LIME),
    ("Renewal", Colour.TEAL),
    ("Cross-sell", Colour.BLUE),
    ("Pilot", Colour.YELLOW),
    ("Framework agreement", Colour.PURPLE),
    ("Tender", Colour.GREY),
    ("Competitor involved", Colour.RED),
    ("Hot lead", Colour.ORANGE),
    ("Executive sponsor", Colour.PINK),
    ("Needs legal review", Colour.GREY),
    ("Reference customer", Colour.GREEN),
]

# The one opportunity the detail page is measured on: this many members, entries and tasks,
# and 25 phase moves (51 history rows).
SHOWCASE = {"members": 8, "journal": 30, "tasks": 10, "moves": 25}
# Share of journal entries with a follow-up: the bench user ends with about 200 open ones.
REMINDER_SHARE = 0.07

PRODUCTS = ["CRM", "Offers", "Reports", "Mobile app", "API access", "Support plan"]

# (country, language, currency, weight, postcode digits or "uk", phone prefix, cities)
COUNTRIES = [
    ("Germany", "de", "EUR", 36, 5, "+49", [
        "Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
        "Leipzig", "Dresden", "Hannover", "Nürnberg", "Bremen", "Freiburg im Breisgau", "Kiel",
    ]),
    ("Austria", "de", "EUR", 6, 4, "+43", ["Wien", "Graz", "Linz", "Salzburg", "Innsbruck"]),
    ("Switzerland", "de", "CHF", 6, 4, "+41", ["Zürich", "Basel", "Bern", "Luzern", "Winterthur"]),
    ("United Kingdom", "en", "GBP", 16, "uk", "+44", [
        "London", "Manchester", "Leeds", "Bristol", "Edinburgh", "Glasgow", "Birmingham",
        "Cambridge",
    ]),
    ("Ireland", "en", "EUR", 3, "uk", "+353", ["Dublin", "Cork", "Galway"]),
    ("Netherlands", "en", "EUR", 6, 4, "+31", ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]),
    ("Belgium", "en", "EUR", 3, 4, "+32", ["Antwerpen", "Gent", "Brussels"]),
    ("Sweden", "en", "EUR", 3, 5, "+46", ["Stockholm", "Göteborg", "Malmö"]),
    ("Denmark", "en", "EUR", 2, 4, "+45", ["København", "Aarhus"]),
    ("Norway", "en", "EUR", 2, 4, "+47", ["Oslo", "Bergen"]),
    ("United States", "en", "USD", 13, 5, "+1", [
        "Seattle", "Chicago", "Boston", "Austin", "Denver", "Atlanta",
    ]),
    ("Canada", "en", "USD", 4, "uk", "+1", ["Toronto", "Vancouver", "Montréal"]),
]  # fmt: skip

LEGAL_FORMS = {
    "Germany": ["GmbH", "GmbH", "AG", "GmbH & Co. KG", "SE", "KG"],
    "Austria": ["GmbH", "AG"],
    "Switzerland": ["AG", "GmbH"],
    "United Kingdom": ["Ltd", "Ltd", "plc", "LLP"],
    "Ireland": ["Ltd", "DAC"],
    "Netherlands": ["B.V.", "N.V."],
    "Belgium": ["NV", "BV"],
    "Sweden": ["AB"],
    "Denmark": ["ApS", "A/S"],
    "Norway": ["AS"],
    "United States": ["Inc", "LLC", "Corp"],
    "Canada": ["Inc", "Ltd"],
}

# Organization names are "<first> <second> <legal form>": 80 × 32 pairs per language.
FIRST_WORDS = {
    "de": [
        "Nordlicht", "Alpen", "Rhein", "Elbtal", "Donau", "Weser", "Isar", "Main", "Neckar",
        "Spree", "Havel", "Mosel", "Harz", "Eifel", "Taunus", "Schwarzwald", "Bodensee",
        "Allgäu", "Ostsee", "Nordsee", "Bergwerk", "Sonnenfeld", "Grünwerk", "Blauwal",
        "Adler", "Falke", "Kranich", "Eichen", "Linden", "Birken", "Tannen", "Kessler",
        "Brandt", "Möller", "Seidel", "Hofmann", "Wagner", "Becker", "Fuchs", "Krüger",
        "Lehmann", "Vogel", "Winkler", "Berger", "Roth", "Lorenz", "Baumann", "Franke",
        "Albrecht", "Schuster", "Kraft", "Stern", "Quelle", "Brücke", "Turm", "Hafen",
        "Kompass", "Anker", "Leuchtturm", "Zeitwerk", "Datenwerk", "Netzwerk", "Lichtblick",
        "Weitblick", "Fernsicht", "Morgenrot", "Abendstern", "Silberberg", "Goldbach",
        "Kupfer", "Eisen", "Stahl", "Granit", "Basalt", "Kristall", "Polar", "Meridian",
        "Horizont", "Prisma", "Vektor",
    ],
    "en": [
        "Northwind", "Harbourside", "Caledonian", "Pennine", "Liffey", "Bluegrass", "Maple",
        "Thornbury", "Lakeside", "Acorn", "Oakridge", "Riverside", "Hillcrest", "Redwood",
        "Silverline", "Goldcrest", "Ironbridge", "Stonegate", "Westbrook", "Eastfield",
        "Southgate", "Northgate", "Kingsway", "Queensbury", "Ashford", "Brightwater",
        "Clearview", "Crestwood", "Deepwater", "Evergreen", "Fairway", "Foxglove", "Granite",
        "Greenleaf", "Highland", "Hollow", "Juniper", "Keystone", "Lighthouse", "Longbow",
        "Meadow", "Millbrook", "Moorland", "Nightingale", "Oakwood", "Orchard", "Pinecrest",
        "Quarry", "Ravenscroft", "Rosewood", "Sandstone", "Seabreeze", "Skyline", "Springfield",
        "Starling", "Summit", "Sunrise", "Tidewater", "Timberline", "Trident", "Upland",
        "Valley", "Vanguard", "Waterside", "Whitecliff", "Wildflower", "Willow", "Windmill",
        "Wolfram", "Yardley", "Zenith", "Beacon", "Compass", "Harbour", "Atlas", "Cobalt",
        "Falcon", "Horizon", "Meridian", "Pioneer",
    ],
}  # fmt: skip
SECOND_WORDS = {
    "de": [
        "Logistik", "Maschinenbau", "Software", "Energie", "Medizintechnik", "Bau", "Druck",
        "Pharma", "Handel", "Systeme", "Gebäudetechnik", "Lebensmittel", "Solar", "Automotive",
        "Elektronik", "Verpackung", "Chemie", "Textil", "Möbel", "Reisen", "Hotels",
        "Versicherung", "Immobilien", "Beratung", "Anlagenbau", "Kunststoff", "Metallbau",
        "Werkzeugbau", "Umwelttechnik", "Labortechnik", "Medien", "Spedition",
    ],
    "en": [
        "Logistics", "Analytics", "Foods", "Engineering", "Software", "Energy", "Health",
        "Retail", "Manufacturing", "Systems", "Consulting", "Partners", "Wind Power", "Pharma",
        "Chemicals", "Design", "Data Services", "Media", "Hotels", "Insurance", "Properties",
        "Robotics", "Aerospace", "Marine", "Packaging", "Textiles", "Labs", "Networks",
        "Security", "Learning", "Freight", "Holdings",
    ],
}  # fmt: skip

STREETS = {
    "de": [
        "Hauptstraße",
        "Bahnhofstraße",
        "Industriestraße",
        "Gartenstraße",
        "Schillerstraße",
        "Goethestraße",
        "Lindenallee",
        "Am Hafen",
        "Marktplatz",
        "Ringstraße",
    ],
    "en": [
        "High Street",
        "Station Road",
        "Park Row",
        "Church Lane",
        "Mill Road",
        "King Street",
        "Queens Quay",
        "Harbour Way",
        "Market Square",
        "Bridge Street",
    ],
}

# Segment of an organization: (weight among organizations, how many opportunities it draws,
# employees between).
SEGMENT_SHAPES = {"E": (2, 4, (1_000, 60_000)), "M": (4, 2, (100, 999)), "S": (5, 1, (5, 99))}

# More journal entries and tasks than the demo's few, in both languages.
NOTES = [
    ("neutral", "Kurzes Telefonat: Entscheidung fällt nach der Budgetrunde."),
    ("happy", "Demo for the whole department went well; they want a **trial licence**."),
    ("sad", "Champion is leaving the company; we need a new contact."),
    ("neutral", "Sent the updated offer with the discount they asked for."),
    ("happy", "Einkauf hat den Rahmenvertrag freigegeben."),
    ("neutral", "Reference call with an existing customer arranged for next week."),
    ("sad", "Legal flagged the liability clause again."),
    ("neutral", "Termin vor Ort vereinbart, Teilnehmer: IT und Fachabteilung."),
]
TASKS = [
    "Send the updated offer",
    "Schedule the reference call",
    "Prepare the contract draft",
    "Termin vor Ort vorbereiten",
    "Follow up on the trial licence",
    "Rückfrage zur Schnittstelle klären",
    "Invite to the user conference",
    "Check the credit limit",
]
