"""Indexes only one database needs."""

from django.db import models


class PostgresIndex(models.Index):
    """An index PostgreSQL needs and SQLite does not: e.g. a column `DESC NULLS LAST`, which
    PostgreSQL reads in that order only from an index declared so, while SQLite reads empty
    values last from a plain index (and has no NULLS LAST in CREATE INDEX)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().remove_sql(model, schema_editor, **kwargs)
