"""The business data of the demo workspace (see the `demo` management command).

All companies, people, addresses and numbers are invented. Web and mail domains use the reserved
`.example` top-level domain; phone numbers come from ranges set aside for drama where such exist
(UK 01632 960xxx/020 7946 0xxx, North America 555-01xx, Germany 030 23125xxx and the like).
"""

from opportune.contacts.models import Influence

# Tags: (name, colour).
TAGS = [
    ("Key account", "green"),
    ("Public sector", "blue"),
    ("Partner", "purple"),
    ("Strategic", "orange"),
    ("Urgent", "red"),
    ("Upsell", "teal"),
]
ORGANIZATION_TAGS = {"Key account", "Public sector", "Partner"}
OPPORTUNITY_EXTRA_TAGS = ["Strategic", "Urgent", "Upsell"]

# Categories besides the workspace defaults (Onboarding, Maintenance).
EXTRA_CATEGORIES = ["New business", "Upgrade", "Consulting"]

# Custom fields: (label, key, type, options, shown in list). Probability and source are built
# into every opportunity, so the seed's other two examples are the demo's custom fields.
REGIONS = ["DACH", "UK & Ireland", "Benelux", "Nordics", "North America"]
SEGMENT_OPTIONS = ["Enterprise", "Mid-market", "Small business"]
CUSTOM_FIELDS = [
    ("Region", "region", "single_select", REGIONS, True),
    ("Segment", "segment", "single_select", SEGMENT_OPTIONS, False),
]

REGION_OF_COUNTRY = {
    "Germany": "DACH",
    "Austria": "DACH",
    "Switzerland": "DACH",
    "United Kingdom": "UK & Ireland",
    "Ireland": "UK & Ireland",
    "Netherlands": "Benelux",
    "Belgium": "Benelux",
    "Luxembourg": "Benelux",
    "Norway": "Nordics",
    "Sweden": "Nordics",
    "Denmark": "Nordics",
    "Finland": "Nordics",
    "United States": "North America",
    "Canada": "North America",
}

# Organizations: language "de" gets German contacts and project names, "en" English ones.
# segment: E(nterprise), M(id-market), S(mall business).
ORGANIZATIONS = [
    # name, street, postcode, city, country, domain, phone, language, segment, tags, currency
    ("Bionic Systems GmbH", "Leopoldstraße 112", "80802", "München", "Germany",
     "bionic-systems.example", "+49 89 99998 100", "de", "E", ["Key account"], "EUR"),
    ("Nordlicht Logistik GmbH", "Am Sandtorkai 38", "20457", "Hamburg", "Germany",
     "nordlicht-logistik.example", "+49 40 66969 210", "de", "M", [], "EUR"),
    ("Kessler & Söhne Maschinenbau KG", "Industriestraße 14", "70565", "Stuttgart", "Germany",
     "kessler-maschinenbau.example", "+49 711 555 0455", "de", "M", [], "EUR"),
    ("Alpenblick Hotels AG", "Maximilianstraße 8", "6020", "Innsbruck", "Austria",
     "alpenblick-hotels.example", "+43 512 555 310", "de", "M", [], "EUR"),
    ("Limmat Medtech AG", "Hardturmstrasse 161", "8005", "Zürich", "Switzerland",
     "limmat-medtech.example", "+41 44 555 12 00", "de", "E", ["Key account"], "EUR"),
    ("Brandt Gebäudetechnik GmbH", "Hansaring 61", "50670", "Köln", "Germany",
     "brandt-gebaeudetechnik.example", "+49 221 4710 330", "de", "S", [], "EUR"),
    ("Zweckverband Digitale Verwaltung Franken", "Hauptmarkt 18", "90403", "Nürnberg",
     "Germany", "zdv-franken.example", "+49 911 555 2040", "de", "E", ["Public sector"], "EUR"),
    ("Grünwerk Energie GmbH", "Kaiserstraße 29", "60311", "Frankfurt am Main", "Germany",
     "gruenwerk-energie.example", "+49 69 90009 450", "de", "E", ["Key account"], "EUR"),
    ("Möller Lebensmittel GmbH & Co. KG", "Osterstraße 50", "30159", "Hannover", "Germany",
     "moeller-lebensmittel.example", "+49 511 555 3300", "de", "M", [], "EUR"),
    ("Sonnenfeld Solar AG", "Bertoldstraße 45", "79098", "Freiburg im Breisgau", "Germany",
     "sonnenfeld-solar.example", "+49 761 555 7800", "de", "M", [], "EUR"),
    ("Elbtal Software GmbH", "Königsbrücker Straße 96", "01099", "Dresden", "Germany",
     "elbtal-software.example", "+49 351 555 6120", "de", "S", ["Partner"], "EUR"),
    ("Wiener Werkstätten Druck GmbH", "Mariahilfer Straße 77", "1060", "Wien", "Austria",
     "ww-druck.example", "+43 1 555 4410", "de", "S", [], "EUR"),
    ("Datenwerk Berlin GmbH", "Torstraße 140", "10119", "Berlin", "Germany",
     "datenwerk-berlin.example", "+49 30 23125 180", "de", "M", [], "EUR"),
    ("Hofmann Pharma SE", "Augustaanlage 32", "68165", "Mannheim", "Germany",
     "hofmann-pharma.example", "+49 621 555 9000", "de", "E", ["Key account"], "EUR"),
    ("Kommunales Rechenzentrum Weserbergland", "Rathausplatz 1", "31785", "Hameln", "Germany",
     "krz-weserbergland.example", "+49 5151 555 200", "de", "M", ["Public sector"], "EUR"),
    ("Seidel Automotive Zulieferer GmbH", "Werner-von-Siemens-Straße 9", "38446",
     "Wolfsburg", "Germany", "seidel-automotive.example", "+49 5361 555 720", "de", "E", [],
     "EUR"),
    ("Thornbury Analytics Ltd", "14 Clerkenwell Road", "EC1M 5PA", "London", "United Kingdom",
     "thornbury-analytics.example", "+44 20 7946 0321", "en", "M", [], "GBP"),
    ("Harbourside Foods plc", "3 Canons Way", "BS1 5DB", "Bristol", "United Kingdom",
     "harbourside-foods.example", "+44 117 496 0412", "en", "E", [], "EUR"),
    ("Caledonian Wind Power Ltd", "120 George Street", "EH2 4LH", "Edinburgh",
     "United Kingdom", "caledonian-wind.example", "+44 131 496 0587", "en", "M", [], "GBP"),
    ("Liffey Data Services Ltd", "25 Fitzwilliam Square", "D02 X285", "Dublin", "Ireland",
     "liffey-data.example", "+353 1 555 0142", "en", "S", [], "EUR"),
    ("Northwind Retail Inc", "500 Pike Street", "WA 98101", "Seattle", "United States",
     "northwind-retail.example", "+1 206 555 0143", "en", "E", ["Key account"], "USD"),
    ("Bluegrass Manufacturing Corp", "220 West Main Street", "KY 40507", "Lexington",
     "United States", "bluegrass-mfg.example", "+1 859 555 0178", "en", "M", [], "USD"),
    ("Maple Leaf Health Inc", "88 Queens Quay West", "ON M5J 0B8", "Toronto", "Canada",
     "mapleleaf-health.example", "+1 416 555 0119", "en", "M", [], "EUR"),
    ("Pennine Engineering Ltd", "9 Park Row", "LS1 5HD", "Leeds", "United Kingdom",
     "pennine-engineering.example", "+44 113 496 0730", "en", "S", [], "EUR"),
    ("Oxfordshire Learning Trust", "42 St Aldates", "OX1 1BX", "Oxford", "United Kingdom",
     "oxon-learning.example", "+44 1632 960 118", "en", "M", ["Public sector"], "EUR"),
    ("Greater Wessex Council", "County Hall, Colliton Park", "DT1 1XJ", "Dorchester",
     "United Kingdom", "wessex-council.example", "+44 1632 960 455", "en", "E",
     ["Public sector"], "EUR"),
    ("Grachtenhuis Logistics B.V.", "Keizersgracht 241", "1016 EA", "Amsterdam", "Netherlands",
     "grachtenhuis.example", "+31 20 555 0190", "en", "M", [], "EUR"),
    ("Brabant Chemicals NV", "Meir 24", "2000", "Antwerpen", "Belgium",
     "brabant-chemicals.example", "+32 3 555 01 60", "en", "E", [], "EUR"),
    ("Fjordline Software AS", "Dronning Eufemias gate 16", "0191", "Oslo", "Norway",
     "fjordline-software.example", "+47 22 55 50 14", "en", "S", [], "EUR"),
    ("Kastrup Design ApS", "Islands Brygge 43", "2300", "København S", "Denmark",
     "kastrup-design.example", "+45 32 55 50 88", "en", "S", [], "EUR"),
    ("Lakeside Partners LLC", "233 South Wacker Drive", "IL 60606", "Chicago",
     "United States", "lakeside-partners.example", "+1 312 555 0166", "en", "S", ["Partner"],
     "USD"),
    ("Acorn Consulting Ltd", "1 Spinningfields", "M3 3JE", "Manchester", "United Kingdom",
     "acorn-consulting.example", "+44 161 496 0944", "en", "S", ["Partner"], "GBP"),
]  # fmt: skip

SEGMENTS = {"E": "Enterprise", "M": "Mid-market", "S": "Small business"}
# Expected values by segment: (lowest, highest, rounded to).
VALUE_RANGES = {"E": (40_000, 420_000, 5_000), "M": (9_000, 90_000, 500), "S": (1_500, 18_000, 100)}

# People. (first name, gender) so that German positions agree with the person.
FIRST_NAMES = {
    "de": [
        ("Lena", "f"), ("Thomas", "m"), ("Sabine", "f"), ("Michael", "m"), ("Julia", "f"),
        ("Stefan", "m"), ("Katrin", "f"), ("Andreas", "m"), ("Birgit", "f"), ("Markus", "m"),
        ("Claudia", "f"), ("Jürgen", "m"), ("Anja", "f"), ("Florian", "m"), ("Monika", "f"),
        ("Tobias", "m"), ("Miriam", "f"), ("Frank", "m"), ("Susanne", "f"), ("Matthias", "m"),
        ("Nadine", "f"), ("Ralf", "m"), ("Petra", "f"), ("Sebastian", "m"), ("Jana", "f"),
        ("Dirk", "m"), ("Özlem", "f"), ("Björn", "m"),
    ],
    "en": [
        ("Emma", "f"), ("Oliver", "m"), ("Charlotte", "f"), ("Harry", "m"), ("Sophie", "f"),
        ("George", "m"), ("Grace", "f"), ("Jack", "m"), ("Chloe", "f"), ("William", "m"),
        ("Amelia", "f"), ("Thomas", "m"), ("Hannah", "f"), ("Daniel", "m"), ("Olivia", "f"),
        ("Samuel", "m"), ("Megan", "f"), ("Ryan", "m"), ("Priya", "f"), ("Aidan", "m"),
        ("Siobhan", "f"), ("Lars", "m"), ("Ingrid", "f"), ("Pieter", "m"),
    ],
}  # fmt: skip
LAST_NAMES = {
    "de": [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
        "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause",
        "Lehmann", "Köhler", "Vogel", "Friedrich", "Günther", "Yılmaz", "Kaiser", "Fuchs",
    ],
    "en": [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
        "Hall", "Wood", "Clarke", "Patel", "O'Brien", "Murphy", "Jansen", "Lindqvist",
        "Hughes", "Edwards",
    ],
}  # fmt: skip

# (department, position for a man, position for a woman, influence)
ROLES = {
    "de": [
        ("Geschäftsführung", "Geschäftsführer", "Geschäftsführerin", Influence.TOP),
        ("Kaufmännische Leitung", "Kaufmännischer Leiter", "Kaufmännische Leiterin",
         Influence.TOP),
        ("Einkauf", "Leiter Einkauf", "Leiterin Einkauf", Influence.HIGH),
        ("IT", "IT-Leiter", "IT-Leiterin", Influence.HIGH),
        ("Vertrieb", "Vertriebsleiter", "Vertriebsleiterin", Influence.HIGH),
        ("Finanzen", "Controller", "Controllerin", Influence.MEDIUM),
        ("IT", "Systemadministrator", "Systemadministratorin", Influence.MEDIUM),
        ("Einkauf", "Einkäufer", "Einkäuferin", Influence.MEDIUM),
        ("Marketing", "Marketingmanager", "Marketingmanagerin", Influence.MEDIUM),
        ("Organisation", "Projektleiter", "Projektleiterin", Influence.MEDIUM),
        ("Geschäftsführung", "Assistent der Geschäftsführung",
         "Assistentin der Geschäftsführung", Influence.LOW),
        ("Vertrieb", "Sachbearbeiter Vertriebsinnendienst",
         "Sachbearbeiterin Vertriebsinnendienst", Influence.LOW),
        ("IT", "Werkstudent IT", "Werkstudentin IT", Influence.LOW),
    ],
    "en": [
        ("Management", "Managing Director", "Managing Director", Influence.TOP),
        ("Finance", "Chief Financial Officer", "Chief Financial Officer", Influence.TOP),
        ("Procurement", "Head of Procurement", "Head of Procurement", Influence.HIGH),
        ("IT", "Head of IT", "Head of IT", Influence.HIGH),
        ("Sales", "Sales Director", "Sales Director", Influence.HIGH),
        ("Finance", "Financial Controller", "Financial Controller", Influence.MEDIUM),
        ("IT", "Systems Administrator", "Systems Administrator", Influence.MEDIUM),
        ("Procurement", "Buyer", "Buyer", Influence.MEDIUM),
        ("Marketing", "Marketing Manager", "Marketing Manager", Influence.MEDIUM),
        ("Operations", "Project Manager", "Project Manager", Influence.MEDIUM),
        ("Management", "Executive Assistant", "Executive Assistant", Influence.LOW),
        ("Sales", "Sales Coordinator", "Sales Coordinator", Influence.LOW),
        ("IT", "IT Support Specialist", "IT Support Specialist", Influence.LOW),
    ],
}  # fmt: skip
# (degree, weight); "" is no degree.
DEGREES = {
    "de": [("", 70), ("Dr.", 18), ("Prof. Dr.", 3), ("Dipl.-Ing.", 9)],
    "en": [("", 88), ("Dr.", 12)],
}

# Project names: (name, category) with category one of the keys of the command's CATEGORY map.
PROJECTS = {
    "de": [
        ("CRM-Einführung", "onboarding"),
        ("Wartungsvertrag 2026", "maintenance"),
        ("Wartungsvertrag 2027", "maintenance"),
        ("Rollout Vertriebsportal", "new"),
        ("Schulungspaket Vertrieb", "onboarding"),
        ("Lizenzverlängerung 2026", "maintenance"),
        ("Pilotprojekt Angebotsmanagement", "new"),
        ("Datenmigration Altsystem", "consulting"),
        ("Schnittstelle ERP", "upgrade"),
        ("Digitalisierung Rechnungseingang", "new"),
        ("Cloud-Umzug", "upgrade"),
        ("Sicherheitsaudit", "consulting"),
        ("Support-Paket Premium", "maintenance"),
        ("Erweiterung Standort Süd", "upgrade"),
        ("Einführung Kundenportal", "new"),
        ("Workshop Vertriebsprozesse", "consulting"),
        ("Onboarding neue Niederlassung", "onboarding"),
        ("Upgrade auf Version 5", "upgrade"),
    ],
    "en": [
        ("CRM rollout", "onboarding"),
        ("Maintenance contract 2026", "maintenance"),
        ("Licence renewal 2026", "maintenance"),
        ("Customer portal", "new"),
        ("Sales training programme", "onboarding"),
        ("Data warehouse pilot", "new"),
        ("Cloud migration", "upgrade"),
        ("ERP integration", "upgrade"),
        ("Security review", "consulting"),
        ("Premium support upgrade", "maintenance"),
        ("Field service app", "new"),
        ("Analytics dashboard", "new"),
        ("Process workshop", "consulting"),
        ("New site onboarding", "onboarding"),
        ("Upgrade to version 5", "upgrade"),
        ("Partner programme 2026", "new"),
    ],
}

# Opportunity descriptions; "" leaves some empty.
DESCRIPTIONS = {
    "de": [
        "Anforderungen mit der Fachabteilung abstimmen, danach Angebot erstellen.",
        "Budget ist freigegeben; Entscheidung fällt in der nächsten Vorstandssitzung.",
        "Bestehendes System läuft aus, Ablösung ist gesetzt.",
        "",
    ],
    "en": [
        "Align the requirements with the department, then send an offer.",
        "Budget approved; the board decides at its next meeting.",
        "Their current system reaches end of life; a replacement is certain.",
        "",
    ],
}

# What the free-text source says, per Source option and language.
SOURCE_TEXTS = {
    "Website": {"de": ["Kontaktformular Website", "Webinar-Anmeldung"],
                "en": ["Website contact form", "Webinar sign-up"]},
    "Referral": {"de": ["Empfehlung durch Bestandskunden"], "en": ["Referral by a customer"]},
    "Trade fair": {"de": ["Messekontakt"], "en": ["Met at a trade fair"]},
    "Cold call": {"de": ["Kaltakquise"], "en": ["Cold call"]},
    "Partner": {"de": ["Lead von Elbtal Software"], "en": ["Lead from Lakeside Partners",
                                                          "Lead from Acorn Consulting"]},
}  # fmt: skip

LOST_REASONS = {
    "de": [
        "Entscheidung für einen Wettbewerber",
        "Kein Budget in diesem Jahr",
        "Projekt intern gestoppt",
        "Preis zu hoch",
    ],
    "en": [
        "Went with a competitor",
        "Budget cut for this year",
        "Project cancelled internally",
        "Price too high",
    ],
}
