"""Shared helpers of the benchmark scripts: databases per scale, a gunicorn server, wrk."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def base_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return subprocess.run(
        [PYTHON, str(BASE_DIR / "ake" / "embedded_db.py")], capture_output=True, text=True, check=True
    ).stdout.strip()


def database_url_for(name: str) -> str:
    parts = urlsplit(base_database_url())
    return urlunsplit(parts._replace(path="/" + name))


def django_env(database_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="ake.settings.dev",
        PYTHONPATH=str(BASE_DIR),
    )
    env.update(extra)
    return env


def manage(env: dict, *args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def ensure_database(name: str, scale: int, *, reload: bool = True) -> str:
    """A database with the demo data at ``scale``; ``reload=False`` reuses one already loaded."""
    import psycopg

    admin_url = database_url_for("postgres")
    conninfo = _conninfo(admin_url)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    url = database_url_for(name)
    if exists and not reload:
        return url
    env = django_env(url)
    manage(env, "migrate", "--no-input", "-v0")
    started = time.monotonic()
    manage(env, "demo_data", "--scale", str(scale))
    print(
        f"# database {name}: demo data at scale {scale} ready in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return url


def _conninfo(url: str) -> str:
    from urllib.parse import unquote

    parts = urlsplit(url)
    host = (
        unquote(parts.hostname or "") if "%2F" not in url else unquote(url.split("@", 1)[1].split(":", 1)[0])
    )
    user = parts.username or "postgres"
    return f"host={host} port={parts.port or 5432} user={user} dbname={parts.path.lstrip('/')}"


def empty_database(name: str) -> str:
    """The URL of database ``name``, created when missing (the fan-out and survey benches migrate it)."""
    import psycopg

    with psycopg.connect(
        database_url_for("postgres").replace("postgres://", "postgresql://"), autocommit=True
    ) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return database_url_for(name)


class CountingSmtpSink:
    """An aiosmtpd handler that accepts every mail and counts its recipients."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, *, workers: int = 2, static_root: Path, extra_env: dict | None = None):
    """The site under gunicorn with production settings (DEBUG off), on loopback."""
    port = free_port()
    env = django_env(
        database_url,
        DJANGO_SETTINGS_MODULE="ake.settings.production",
        DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        AKE_BENCH_FLOORS="1",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8"),
        **(extra_env or {}),
    )
    if not (static_root / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "-v0")
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "ake.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    _wait_until_serving(base + "/healthz")
    try:
        yield base, env
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: workers still finishing requests
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def _wait_until_serving(url: str, timeout: float = 60) -> None:
    """Until both workers answer: the master binds the port before the workers have loaded Django."""
    import urllib.request

    deadline = time.monotonic() + timeout
    answered = 0
    while time.monotonic() < deadline and answered < 10:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.2)


def warm(url: str, headers: dict | None = None, times: int = 20) -> None:
    """A few requests before measuring, so that each worker has its caches and connections."""
    import urllib.request

    for _ in range(times):
        request = urllib.request.Request(url, headers=headers or {})
        with suppress(OSError):
            urllib.request.urlopen(request, timeout=10).read()


def wrk(url: str, *, connections: int = 16, seconds: int = 10, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (Debian), then run the benchmark again.")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def print_table(headers: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in [h] + [r[i] for r in rows]) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |")


def dump(obj) -> str:
    return json.dumps(obj, indent=2, default=str)
