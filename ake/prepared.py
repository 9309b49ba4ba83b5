"""A query's SQL compiled once per process, run on every request with that request's values.

Some rows must be read on every request because they belong to the visitor and may not be kept
(ake/memo.py): the session, the session's user, the visitor's registration on an event page. The
query is the same every time, only its values differ, yet Django's ORM builds and compiles it anew
on each call: for the user row with its admin profile about 1 700 Python calls, for a registration
with its viewing room and host library about 5 000, against about 200 to run a ready statement and
build the instances.

``PreparedQuery(build, *sample)`` calls ``build(*sample)`` once, the first time it is used, and keeps
the SQL text and what turns a result row into model instances (the columns of each model, the
converters of fields that have them, select_related's populators). Each call then runs that SQL
with its own values, through the connection's cursor (so execute wrappers, the audit trail's context
and the tests' query counts see it like any query), and builds the instances as the ORM would.

What is kept is made from the sample values only and depends on the code alone: the SQL text with
its placeholders, field names and positions. No value of any call is ever stored, so the standard
for per-process copies (nothing of a visitor) holds; ``tests/test_prepared.py`` checks that the
kept state is the same after requests by different users.

Rules for ``build``: a queryset of model instances (no ``values()``, prefetches or known related
objects; annotations are set on each instance as the ORM sets them), whose parameters are the
sample values (all distinct, each used, in any order) and constants of the query; anything else
raises ImproperlyConfigured on first use, so a test of the caller finds it. Values must reach the
SQL unchanged by their lookups (``exact``, ``gt``; not ``icontains``, which wraps them).

``rows(*values)`` and ``instances(rows)`` are ``all()`` in two steps, for a caller that compares
the rows read now with the rows it made its kept copy from (ake/memo.py ``from_rows``): equal
rows give equal instances, so a copy made from them needs no rebuilding.

A query whose SQL differs by something other than its values (a path's depth, a page type, a
LIMIT or OFFSET the ORM writes into the SQL) is one query per such key: ``prepared(key, make)``
gives the process's query for ``key``, made by ``make()`` the first time and the same object after.
The key is code's, never a visitor's value (a name and a depth, a model, a page number).
"""

import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ValuesListIterable, get_related_populators

_registry: dict = {}
_registry_lock = threading.Lock()


def prepared(key, make):
    """The process's compiled query (or whatever ``make()`` returns: a query with what its caller
    needs alongside) for ``key``, made once. ``key`` begins with the caller's own name (its module
    and function: "extranet.route") so that two callers never share one; the rest is what makes
    the SQL differ (a depth, a model, a limit), never a value of a request."""
    try:
        return _registry[key]
    except KeyError:
        pass
    with _registry_lock:
        if key not in _registry:
            # make() only builds the PreparedQuery; its SQL is compiled on first use, outside the lock.
            _registry[key] = make()
        return _registry[key]


class PreparedQuery:
    def __init__(self, build, *sample, using: str = DEFAULT_DB_ALIAS):
        if len(set(sample)) != len(sample):
            raise ImproperlyConfigured("PreparedQuery: the sample values must be distinct")
        self._build = build
        self._sample = tuple(sample)
        self._using = using
        self._lock = threading.Lock()
        self._ready = None

    def _prepare(self):
        queryset = self._build(*self._sample)
        if (
            queryset._fields is not None
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
        ):
            raise ImproperlyConfigured(f"PreparedQuery: {queryset.query} is not a plain queryset of rows")
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        plan = _parameter_plan(self._sample, params, type(self).__name__)
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        return (
            sql,
            plan,
            klass_info["model"],
            start,
            end,
            [column[0].target.attname for column in select[start:end]],
            get_related_populators(klass_info, select, self._using),
            tuple(converters.items()),
            tuple(compiler.annotation_col_map.items()),
        )

    def _prepared(self):
        ready = self._ready
        if ready is None:
            with self._lock:
                if self._ready is None:
                    self._ready = self._prepare()
            ready = self._ready
        return ready

    def all(self, *values) -> list:
        """The model instances of the query run with ``values`` (given in the order of the sample)."""
        return self.instances(self.rows(*values))

    def rows(self, *values) -> list[tuple]:
        """The result rows of the query run with ``values``, as the database gave them."""
        sql, plan = self._prepared()[:2]
        if plan is not None:
            values = [constant if index is None else values[index] for index, constant in plan]
        with connections[self._using].cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()

    def instances(self, rows) -> list:
        """The model instances of rows read by ``rows()``, built as the ORM builds them."""
        _sql, _plan, model, start, end, names, populators, converters, annotations = self._prepared()
        connection = connections[self._using]
        found = []
        for row in rows:
            if converters:
                row = _converted(row, converters, connection)
            instance = model.from_db(self._using, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def position(self, name: str) -> int:
        """Where the query's model's field ``name`` (its attname) is in a row of ``rows()``."""
        ready = self._prepared()
        return ready[3] + ready[5].index(name)

    def annotation_positions(self) -> dict[str, int]:
        """Where each annotation is in a row of ``rows()``."""
        return dict(self._prepared()[8])

    def first(self, *values):
        """The first instance, or None; ``build`` orders and limits the query itself."""
        found = self.all(*values)
        return found[0] if found else None


def _converted(row, converters, connection) -> list:
    """The row with each converted column as the ORM converts it (its fields' from_db_value)."""
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def _parameter_plan(sample: tuple, params, name: str):
    """Where each of the statement's parameters comes from: a call's value (the ORM orders
    filter()'s keywords its own way) or a constant of the query itself (a status); None when the
    call's values are the parameters as they are."""
    plan = tuple((sample.index(param), None) if param in sample else (None, param) for param in params)
    if {index for index, _constant in plan} - {None} != set(range(len(sample))):
        raise ImproperlyConfigured(
            f"{name}: the sample values {sample!r} do not all reach the query's parameters {params!r} "
            "unchanged"
        )
    return None if plan == tuple((index, None) for index in range(len(sample))) else plan


class PreparedRows(PreparedQuery):
    """A ``values_list()`` query's SQL compiled once per process; ``rows()`` (and ``all()``) give its
    rows as tuples, converted as the ORM converts them.

    For reads of many rows used as plain values, where building a model instance for each would
    cost more than the query (a month's kit bookings, a kit's loans per year: loans/selectors.py).
    The rules of PreparedQuery hold, but ``build`` returns a ``values_list()`` of fields or
    aggregates (no prefetches, ``flat`` or ``named`` rows); anything else raises
    ImproperlyConfigured on first use.
    """

    def _prepare(self):
        queryset = self._build(*self._sample)
        if queryset._iterable_class is not ValuesListIterable or queryset._prefetch_related_lookups:
            raise ImproperlyConfigured(f"PreparedRows: {queryset.query} is not a values_list() of fields")
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return sql, _parameter_plan(self._sample, params, "PreparedRows"), tuple(converters.items())

    def rows(self, *values) -> list[tuple]:
        """The query's rows run with ``values`` (given in the order of the sample)."""
        converters = self._prepared()[2]
        rows = super().rows(*values)
        if not converters:
            return rows
        connection = connections[self._using]
        return [tuple(_converted(row, converters, connection)) for row in rows]

    def all(self, *values) -> list[tuple]:
        return self.rows(*values)

    def instances(self, rows):
        raise ImproperlyConfigured("PreparedRows gives rows, not instances")
