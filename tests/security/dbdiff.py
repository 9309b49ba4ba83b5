"""Which rows a request wrote, read from PostgreSQL itself.

Every attempt runs inside a savepoint that is rolled back afterwards, so the database is in the same
base state before each attempt. PostgreSQL counts the rows each table got inserted, updated or
deleted in the current transaction (pg_stat_xact_user_tables); only the tables whose counters moved
are compared with their base state, which is read once per table and kept.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

# Bookkeeping tables that requests write without acting on anyone's data.
IGNORED_TABLES = {
    "django_session",
    "django_admin_log",
    "wagtailcore_modellogentry",
    "wagtailcore_pagelogentry",
}
# The audit trail's event tables and their request context (audit/models.py): the database's triggers
# copy the very rows compared here, so they point at nothing the write itself did not touch.
IGNORED_TABLES |= {model._meta.db_table for model in apps.get_app_config("audit").get_models()}
IGNORED_TABLES.add("pghistory_context")


class _Rollback(Exception):
    pass


def _counters() -> dict[str, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        # Only the tables this transaction wrote: a table left out counts as (0, 0, 0) in run(), and
        # sending all 350 rows twice an example was a tenth of a fuzzing example's time.
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def _model_of_table() -> dict[str, type]:
    mapping = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            mapping.setdefault(model._meta.db_table, model)
    return mapping


@dataclass
class Row:
    table: str
    model: type | None
    values: dict

    @property
    def pk(self):
        if self.model is None:
            return None
        return self.values.get(self.model._meta.pk.column)

    def references(self, before: "Row | None" = None) -> list[tuple[type, object]]:
        """(model, pk) of every object this row points at, itself included.

        With ``before`` (the row's previous version) only the links the write set or changed count:
        updating a row that always pointed at someone does not newly touch them.
        """
        found = []
        if self.model is None:
            return found
        found.append((self.model._meta.concrete_model, self.pk))
        for parent in self.model._meta.get_parent_list():
            found.append((parent, self.pk))
        for model_field in self.model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is not None:
                value = self.values.get(model_field.column)
                if before is not None and before.values.get(model_field.column) == value:
                    continue
                if value is not None:
                    found.append((model_field.related_model._meta.concrete_model, value))
        return found


@dataclass
class Diff:
    inserted: list[Row] = field(default_factory=list)  # new rows and new versions of updated rows
    removed: list[Row] = field(default_factory=list)  # deleted rows and old versions of updated rows

    @property
    def rows(self) -> list[Row]:
        return self.inserted + self.removed

    def __bool__(self):
        return bool(self.inserted or self.removed)

    def tables(self) -> set[str]:
        return {row.table for row in self.rows}

    def before(self, row: Row) -> Row | None:
        """The previous version of an updated row, None for a new one."""
        if row.pk is None:
            return None
        return next((old for old in self.removed if old.table == row.table and old.pk == row.pk), None)

    def touched(self) -> set[tuple[type, str]]:
        """Objects written, deleted, or newly pointed at."""
        found = set()
        for row in self.inserted:
            found |= {(model, str(pk)) for model, pk in row.references(self.before(row))}
        for row in self.removed:
            if row.model is not None:
                found.add((row.model._meta.concrete_model, str(row.pk)))
        return found


class Recorder:
    """Runs a callable inside a rolled-back savepoint and tells which rows it wrote."""

    def __init__(self):
        self._base: dict[str, dict[tuple, dict]] = {}
        self._models = _model_of_table()

    def _read(self, table: str) -> tuple[list[str], list[tuple]]:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from pg_stat
            columns = [col.name for col in cursor.description]
            return columns, cursor.fetchall()

    def _rows(self, table: str) -> dict[tuple, dict]:
        columns, rows = self._read(table)
        return {tuple(map(repr, row)): dict(zip(columns, row, strict=True)) for row in rows}

    def run(self, action):
        """(result of action(), Diff, extra) — extra is what inspect() returned inside the savepoint."""
        result, after, written = None, {}, set()
        try:
            with transaction.atomic():
                before = _counters()
                result = action()
                moved = _counters()
                written = {
                    table
                    for table, counts in moved.items()
                    if counts != before.get(table, (0, 0, 0)) and table not in IGNORED_TABLES
                }
                after = {table: self._rows(table) for table in written}
                raise _Rollback
        except _Rollback:
            pass
        diff = Diff()
        for table in sorted(written):
            if table not in self._base:
                self._base[table] = self._rows(table)
            base, now = self._base[table], after[table]
            model = self._models.get(table)
            diff.inserted += [Row(table, model, values) for key, values in now.items() if key not in base]
            diff.removed += [Row(table, model, values) for key, values in base.items() if key not in now]
        return result, diff
