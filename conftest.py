"""The fixed cast of every test: in workspace Acme, Olivia owns, Adam administers, Mia is a
member and Vic a viewer; Oscar is an outsider who belongs only to workspace Globex."""

# The cast and every fixture shared by several apps live in one plugin, so no app's tests import
# another app's conftest.
pytest_plugins = ["opportune.testing.fixtures"]
