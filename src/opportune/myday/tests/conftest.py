from opportune.journal.tests.conftest import foreign_opportunity, opportunity  # noqa: F401
from opportune.opportunities.tests.conftest import bionic, make_opportunity, phases  # noqa: F401
