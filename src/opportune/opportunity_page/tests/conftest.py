from opportune.opportunities.tests.conftest import bionic, make_opportunity, phases  # noqa: F401
