"""One forward walk of the migrations, in a database of its own, for every file that checks what a
migration does with rows written before it (tests/test_language_migrations.py,
tests/finance/test_cost_migration.py, tests/networks/test_project_migration.py).

Each file registers its steps when it is imported: a step's ``before`` state, the old rows it writes
there through the historical models, and the migrations (``after``) that move them. The walk starts
from an empty database (``<test database>_walk``), reaches each step's ``before`` state in an order
that never goes back, writes the step's rows, migrates past its ``after`` and goes on; at the end
every app's leaf is applied, and the files' tests read the rows with today's models. Migrating the
worker's own database back to a move and forward again cost minutes a move: Django renders the
models of every state it unapplies (the cost-field move alone took 240 s of the evening's full run).

The session fixture ``migration_walk`` (tests/conftest.py) walks once per process for every file
collected; tests/conftest.py's ``_SCOPES`` keeps these files on one worker, so the walk runs once a
run. A file's module fixture (``in_walk_database``) points the connection at the walked database for
its tests, which read in transactions rolled back at their ends, so each file sees the walk's rows
as they were written.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@dataclass
class Step:
    name: str
    before: list  # [(app, migration)]: the state the old rows are written in
    after: list  # [(app, migration)]: the migrations that move them (asserted not applied before)
    write: Callable  # write(old_apps) -> what the tests need later (pks, say)
    # right_after(new_apps, written) -> values read with the models of the `after` state, for rows a
    # later migration moves on again; new_apps() renders those models only when it is called.
    right_after: Callable | None = None


@dataclass
class Walked:
    written: object
    right_after: object = None


STEPS: dict[str, Step] = {}


def register(step: Step) -> Step:
    STEPS[step.name] = step
    return step


def _migrate(targets, *, apps=True):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps if apps else None


def _walking_order(steps, graph):
    """Each next step is one whose migrations (to its `before` and past its `after`, with everything
    they depend on) neither apply another waiting step's `after` nor take any app past another waiting
    step's `before`: every step's rows are written in exactly its `before` state, and the walk never
    migrates back (the assertions in walk() check both)."""
    waiting = list(steps)
    while waiting:
        for step in waiting:
            applies = {node for target in step.before + step.after for node in graph.forwards_plan(target)}
            if all(_reachable(other, applies, graph) for other in waiting if other is not step):
                break
        else:
            raise AssertionError(f"no step can be walked first: {[step.name for step in waiting]}")
        waiting.remove(step)
        yield step


def _reachable(step, applied, graph) -> bool:
    if any(node in applied for node in step.after):
        return False
    for app, name in step.before:
        allowed = set(graph.forwards_plan((app, name)))
        if any(node[0] == app and node not in allowed for node in applied):
            return False
    return True


def walk(steps=None) -> dict[str, Walked]:
    """Walks the registered steps (or ``steps``) in the walk's database, which the connection must
    point at (``in_walk_database``)."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    walked = {}
    for step in _walking_order(list((steps or STEPS).values()), graph):
        applied = set(MigrationExecutor(connection).loader.applied_migrations)
        assert not any(node in applied for node in step.after), f"{step.after} applied before its rows"
        for app, name in step.before:
            allowed = set(graph.forwards_plan((app, name)))
            assert all(node in allowed for node in applied if node[0] == app), f"{step.name}: {app} went past"
        old_apps = _migrate(step.before)
        written = step.write(old_apps)
        if step.right_after is None:
            _migrate(step.after, apps=False)
            walked[step.name] = Walked(written)
            continue
        executor = MigrationExecutor(connection)
        executor.migrate(step.after)
        new_apps = lambda executor=executor, after=step.after: executor.loader.project_state(after).apps  # noqa: E731
        walked[step.name] = Walked(written, step.right_after(new_apps, written))
    # On to every app's leaf: the tests read the rows with today's models.
    _migrate(graph.leaf_nodes(), apps=False)
    return walked


def walk_database_name() -> str:
    return f"{_original_name()}_walk"


_ORIGINAL: list[str] = []


def _original_name() -> str:
    return _ORIGINAL[0] if _ORIGINAL else connection.settings_dict["NAME"]


def create() -> None:
    quote = connection.ops.quote_name
    name = walk_database_name()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")  # left by an interrupted run
        cursor.execute(f"CREATE DATABASE {quote(name)}")


def drop() -> None:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(walk_database_name())}")


@contextmanager
def in_walk_database():
    """The connection points at the walk's database inside the block, and back afterwards.

    Content types are kept per process by id: those of the walk's database have other ids than the
    worker's, and a later file on this worker would read the wrong model for an id (a workflow task
    as a Document): the cache is cleared on entering and on leaving."""
    original = connection.settings_dict["NAME"]
    name = walk_database_name()
    _ORIGINAL.append(original)
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        _ORIGINAL.pop()
        ContentType.objects.clear_cache()
