"""Looks for a person's traces everywhere the site keeps anything: every table, Redis, media and logs.

The database scan is generic on purpose: it reads information_schema for every text, varchar, json,
jsonb and bytea column of every table in the public schema, so a table that a later feature adds is
scanned without anybody remembering to list it. Matching is case-insensitive. Session rows are also
decoded (their payload is base64, where a plain search would miss an address).
"""

import io
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

SCANNED_TYPES = ("text", "character varying", "character", "json", "jsonb", "bytea", "inet", "ARRAY")


@dataclass
class Hit:
    where: str
    needle: str
    excerpt: str

    def __str__(self):
        return f"{self.where}: {self.needle!r} in {self.excerpt[:160]!r}"


@dataclass
class DatabaseScan:
    tables: int = 0
    columns: int = 0
    hits: list[Hit] = field(default_factory=list)


def _excerpt(text: str, needle: str) -> str:
    at = text.lower().find(needle.lower())
    return text[max(0, at - 60) : at + len(needle) + 60] if at >= 0 else text[:120]


def scan_database(needles: list[str], *, only_rows=None) -> DatabaseScan:
    """Every scannable column of every public table, searched for each needle (ILIKE).

    ``only_rows`` maps a table name to a set of primary keys: rows outside it are skipped (for a
    scan of what one action wrote; see snapshot_rows()).
    """
    scan = DatabaseScan()
    patterns = ["%" + needle.replace("%", "\\%").replace("_", "\\_") + "%" for needle in needles]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """
        )
        columns: dict[str, list[tuple[str, str]]] = {}
        all_tables = set()
        for table, column, data_type in cursor.fetchall():
            all_tables.add(table)
            if data_type in SCANNED_TYPES:
                columns.setdefault(table, []).append((column, data_type))
        scan.tables = len(all_tables)
        for table, table_columns in columns.items():
            for column, data_type in table_columns:
                scan.columns += 1
                quoted = f'"{column}"'
                expression = f"encode({quoted}, 'escape')" if data_type == "bytea" else f"{quoted}::text"
                cursor.execute(
                    f'SELECT {expression} FROM "{table}" '  # noqa: S608 - names from information_schema
                    f"WHERE {expression} ILIKE ANY(%s)",
                    [patterns],
                )
                for (value,) in cursor.fetchall():
                    for needle in needles:
                        if needle.lower() in value.lower():
                            scan.hits.append(Hit(f"{table}.{column}", needle, _excerpt(value, needle)))
    scan.hits += _scan_sessions(needles)
    return scan


def _scan_sessions(needles: list[str]) -> list[Hit]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    hits = []
    for session in Session.objects.all():
        decoded = json.dumps(SessionStore().decode(session.session_data), default=str)
        hits += [
            Hit("django_session (decoded)", n, _excerpt(decoded, n))
            for n in needles
            if n.lower() in decoded.lower()
        ]
    return hits


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


def redis_dump() -> dict[bytes, bytes]:
    """Every key of the test Redis database with its value (all members of lists, sets, hashes)."""
    client = redis_client()
    dump = {}
    for key in client.scan_iter(count=500):
        kind = client.type(key)
        if kind == b"string":
            value = client.get(key) or b""
        elif kind == b"list":
            value = b"\n".join(client.lrange(key, 0, -1))
        elif kind == b"set":
            value = b"\n".join(client.smembers(key))
        elif kind == b"zset":
            value = b"\n".join(client.zrange(key, 0, -1))
        elif kind == b"hash":
            value = b"\n".join(k + b"=" + v for k, v in client.hgetall(key).items())
        else:
            value = b""
        dump[key] = value
    return dump


def scan_redis(needles: list[str]) -> tuple[int, list[Hit]]:
    dump = redis_dump()
    hits = []
    for key, value in dump.items():
        for needle in needles:
            raw = needle.lower().encode()
            if raw in key.lower():
                hits.append(Hit("redis key", needle, key.decode(errors="replace")))
            if raw in value.lower():
                hits.append(Hit(f"redis value of {key.decode(errors='replace')}", needle, repr(value[:200])))
    return len(dump), hits


def scan_media(needles: list[str]) -> tuple[int, list[Hit]]:
    root = Path(settings.MEDIA_ROOT)
    files, hits = 0, []
    if not root.exists():
        return files, hits
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            path = Path(folder) / name
            content = path.read_bytes().lower()
            for needle in needles:
                if needle.lower() in str(path.relative_to(root)).lower():
                    hits.append(Hit("media file name", needle, str(path)))
                if needle.lower().encode() in content:
                    hits.append(Hit(f"media file {path.name}", needle, ""))
    return files, hits


class LogCapture:
    """Every record of every logger at DEBUG, formatted both plainly and by the JSON formatter that
    production uses (extra fields included), while the block runs.

    With ``sql=True`` Django also logs every query with its parameters (django.db.backends at DEBUG,
    as an operator debugging production would see it).
    """

    def __init__(self, *, sql: bool = False):
        self.sql = sql

    def __enter__(self):
        from pythonjsonlogger.json import JsonFormatter

        from ake.log_filters import TaskContextFilter

        self.plain, self.json = io.StringIO(), io.StringIO()
        plain = logging.StreamHandler(self.plain)
        plain.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s %(args)s"))
        structured = logging.StreamHandler(self.json)
        structured.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(task_id)s %(task_name)s")
        )
        structured.addFilter(TaskContextFilter())
        self.handlers = [plain, structured]
        root = logging.getLogger()
        self._level = root.level
        # Loggers that set their own level (django.db.backends, celery...) are opened up too.
        self._levels = {
            name: logger.level
            for name, logger in logging.Logger.manager.loggerDict.items()
            if isinstance(logger, logging.Logger)
        }
        for name in self._levels:
            logging.getLogger(name).setLevel(logging.DEBUG)
        root.setLevel(logging.DEBUG)
        for handler in self.handlers:
            handler.setLevel(logging.DEBUG)
            root.addHandler(handler)
        self._debug_cursor = connection.force_debug_cursor
        connection.force_debug_cursor = self.sql or self._debug_cursor
        return self

    def __exit__(self, *exc):
        connection.force_debug_cursor = self._debug_cursor
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
        root.setLevel(self._level)
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)

    @property
    def text(self) -> str:
        return self.plain.getvalue() + "\n" + self.json.getvalue()

    def lines(self) -> int:
        return self.plain.getvalue().count("\n")

    def hits(self, needles: list[str]) -> list[Hit]:
        text = self.text
        return [
            Hit("log output", needle, _excerpt(text, needle))
            for needle in needles
            if needle.lower() in text.lower()
        ]


def snapshot_rows() -> dict[str, set[str]]:
    """Every row of every public table, as text: what an action added or changed shows in a diff."""
    snapshot = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            snapshot[table] = {row for (row,) in cursor.fetchall()}
    return snapshot


def new_rows(before: dict[str, set[str]]) -> dict[str, list[dict]]:
    """Rows that exist now and did not (in this exact form) before: inserts and new versions."""
    after = snapshot_rows()
    return {
        table: [json.loads(row) for row in rows - before.get(table, set())]
        for table, rows in after.items()
        if rows - before.get(table, set())
    }


def user_columns() -> dict[str, set[str]]:
    """table -> columns that point at a user (Django foreign keys, with or without a db constraint)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    columns: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is user_model:
                columns.setdefault(model._meta.db_table, set()).add(model_field.column)
    columns.setdefault(user_model._meta.db_table, set()).add("id")
    return columns
