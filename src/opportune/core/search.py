"""Substring search served by an index (docs/decisions/010-search-from-an-index.md).

PostgreSQL: pg_trgm GIN indexes on UPPER(column), which Django's `icontains` lookups use as
they are. SQLite: an FTS5 table with the trigram tokenizer beside each searchable table, kept
in step by triggers and asked for the matching ids. Imports nothing from other apps.

Table and column names in the SQL below are the code's own constants; what a user types only
ever travels as a query parameter.
"""

import contextlib
import functools
import itertools
import logging
import operator
import sqlite3
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

logger = logging.getLogger(__name__)

# A trigram index finds substrings of three characters or more; shorter text is a prefix match.
TRIGRAM_LENGTH = 3


@functools.cache
def sqlite_has_trigram() -> bool:
    """Whether this process's SQLite has FTS5 with the trigram tokenizer (SQLite 3.34 or later)."""
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as database:
            database.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
    except sqlite3.OperationalError:
        logger.warning(
            "SQLite %s has no FTS5 trigram tokenizer: search reads whole tables with LIKE.",
            sqlite3.sqlite_version,
        )
        return False
    return True


def _has_fts(connection) -> bool:
    return connection.vendor == "sqlite" and sqlite_has_trigram()


def uses_fts(alias: str) -> bool:
    """Whether searches on database `alias` go through the FTS5 tables, else through lookups
    (which the GIN trigram indexes serve on PostgreSQL)."""
    return _has_fts(connections[alias])


def starts_with(queryset, fields: tuple[str, ...], text: str) -> Q:
    """Rows of `queryset` of which one of `fields` starts with `text` (one or two characters),
    ignoring case.

    On SQLite a case-insensitive LIKE uses no index of a plain column, so the condition is one
    index range per way of writing the text ("ab", "Ab", "aB", "AB"), asked as a subquery of
    `queryset`: in a query with ORDER BY and LIMIT, SQLite would rather walk the sort index
    hoping to meet matches early, and read the whole workspace when there are none.
    PostgreSQL's trigram indexes serve `istartswith` as it is."""
    if connections[queryset.db].vendor != "sqlite":
        return functools.reduce(operator.or_, (Q(**{f"{f}__istartswith": text}) for f in fields))
    spellings = {
        "".join(letters) for letters in itertools.product(*({c.lower(), c.upper()} for c in text))
    }
    ranges = Q()
    for field in fields:
        for spelling in spellings:
            # The highest code point: every text that starts with the spelling sorts below.
            last = f"{spelling}\U0010ffff"
            ranges |= Q(**{f"{field}__gte": spelling, f"{field}__lte": last})
    return Q(pk__in=queryset.filter(ranges).order_by().values("pk"))


def any_of(model, *conditions: Q):
    """The ids of `model`'s rows meeting any of the conditions, as a UNION of one query per
    condition: each finds its rows through its own index, where an OR of conditions on two
    tables makes both databases read every row of the workspace."""
    queries = [model._default_manager.filter(c).order_by().values("pk") for c in conditions]
    return queries[0].union(*queries[1:])


class TrigramIndex(GinIndex):
    """A pg_trgm GIN index, which serves `icontains` lookups on PostgreSQL when built by
    `trigram_index`. Elsewhere it is no SQL at all: SQLite searches through FTS5, and Django
    rebuilds a SQLite table with all the model's indexes on most migrations."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().remove_sql(model, schema_editor, **kwargs)


def trigram_index(column: str, name: str) -> TrigramIndex:
    """The index Django's `column__icontains` uses on PostgreSQL: UPPER(column) LIKE '%TEXT%'."""
    return TrigramIndex(OpClass(Upper(column), name="gin_trgm_ops"), name=name)


class CreateTrigramExtension(TrigramExtension):
    """Migration operation: pg_trgm on PostgreSQL, nothing elsewhere (Django's own operation
    checks the database on the way forward only)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


@dataclass(frozen=True)
class FtsTable:
    """An FTS5 trigram table mirroring text columns of the table `source`, one row per source
    row under the same rowid (the source's id)."""

    source: str
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.source}_fts"

    def ids(self, phrases: list[str], column: str = "") -> RawSQL:
        """The ids of the source rows in which every phrase is part of some column (or of
        `column`), ignoring case also beyond ASCII ("müller" finds "Müller")."""
        query = " AND ".join('"{}"'.format(phrase.replace('"', '""')) for phrase in phrases)
        if column:
            query = f"{column} : ({query})"
        sql = f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH %s"  # noqa: S608
        return RawSQL(sql, [query])  # noqa: S611

    def _triggers(self) -> dict[str, str]:
        columns = ", ".join(self.columns)
        values = ", ".join(f"new.{column}" for column in self.columns)
        insert = f"INSERT INTO {self.name} (rowid, {columns}) VALUES (new.id, {values});"  # noqa: S608
        delete = f"DELETE FROM {self.name} WHERE rowid = old.id;"  # noqa: S608
        changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in self.columns)
        return {
            f"{self.name}_insert": f"AFTER INSERT ON {self.source} BEGIN {insert} END",
            # Trash and restore change no searched column: no trigger, the row stays.
            f"{self.name}_update": (
                f"AFTER UPDATE OF {columns} ON {self.source} WHEN {changed} "
                f"BEGIN {delete} {insert} END"
            ),
            f"{self.name}_delete": f"AFTER DELETE ON {self.source} BEGIN {delete} END",
        }

    def _fill(self) -> list[str]:
        columns = ", ".join(self.columns)
        return [
            f"DELETE FROM {self.name}",  # noqa: S608
            f"INSERT INTO {self.name} (rowid, {columns}) SELECT id, {columns} FROM {self.source}",  # noqa: S608
        ]

    def create(self, schema_editor) -> None:
        """Migration step: the table, its triggers and its rows, on SQLite with trigram support;
        nothing elsewhere."""
        if not _has_fts(schema_editor.connection):
            return
        columns = ", ".join(self.columns)
        statements = [
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns}, tokenize='trigram')",
            *(f"CREATE TRIGGER {name} {body}" for name, body in self._triggers().items()),
            *self._fill(),
        ]
        for statement in statements:
            schema_editor.execute(statement, params=None)

    def drop(self, schema_editor) -> None:
        """Migration step back: the triggers and the table."""
        if not _has_fts(schema_editor.connection):
            return
        for name in self._triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.name}", params=None)

    def restore_triggers(self, connection) -> None:
        """Recreate the triggers and refill the table if a migration dropped them: Django
        rebuilds a SQLite table for most column changes, and its triggers go with the old one."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [self.source],
            )
            existing = {row[0] for row in cursor.fetchall()}
            missing = {n: body for n, body in self._triggers().items() if n not in existing}
            if not missing:
                return
            logger.warning("Search index %s rebuilt: its triggers were missing.", self.name)
            for name, body in missing.items():
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            for statement in self._fill():
                cursor.execute(statement)


# FTS tables by app label, registered by the models that search through them.
_FTS_TABLES: dict[str, list[FtsTable]] = {}


def register(app_label: str, table: FtsTable) -> FtsTable:
    _FTS_TABLES.setdefault(app_label, []).append(table)
    return table


def restore_fts_triggers(sender, using, **kwargs) -> None:
    """post_migrate: put back the triggers of the app's FTS tables if a migration dropped them."""
    connection = connections[using]
    if not _has_fts(connection):
        return
    existing = set(connection.introspection.table_names())
    for table in _FTS_TABLES.get(sender.label, ()):
        if table.name in existing:
            table.restore_triggers(connection)
