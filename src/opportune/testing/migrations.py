"""Migrate the test database back and forth, for tests of data migrations."""

from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def migrated_back_to(*targets):
    """Unapply the migrations after `targets` ((app, migration) pairs) and yield the models as
    they were then; migrate forward to the latest state on leaving, also after a failure.

    Needs `django_db(transaction=True)`: migrations do not run inside the test's transaction.
    """
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    try:
        yield executor.loader.project_state(list(targets)).apps
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
