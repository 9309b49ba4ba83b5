"""Helpers of the restore drill: compare two databases table by table and two media folders file by file."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Tables whose content may legitimately differ between a database and its restored copy: none so far
# (the audit trail's event tables are copied like any other table and compared too).
IGNORED_TABLES: set[str] = set()


def connect(name: str) -> psycopg.Connection:
    database = settings.DATABASES["default"]
    params = {
        "dbname": name,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, md5 over every row's text sorted)} for every table in the public schema."""
    result = {}
    with connect(name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            if table in IGNORED_TABLES:
                continue
            count, digest = conn.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            result[table] = (count, digest)
    return result


def media_hashes(root: Path) -> dict[str, str]:
    root = Path(root)
    found = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def database_url(name: str) -> str:
    database = settings.DATABASES["default"]
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def report_json(name: str, year: int) -> dict:
    """The year's report as `manage.py report --format json` prints it from database ``name``."""
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # in-process cache: nothing is read from a shared cache
    env.update(DATABASE_URL=database_url(name), DJANGO_SETTINGS_MODULE="ake.settings.test")
    result = subprocess.run(
        [sys.executable, "manage.py", "report", str(year), "--format", "json"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
