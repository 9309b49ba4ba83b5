"""PostgreSQL restarted under load: the site recovers by itself, and fails only during the outage.

A private PostgreSQL cluster (initdb in a temporary directory) gets a copy of the migrated test
database; gunicorn serves the site from it while client threads keep requesting pages; then the
cluster is restarted with `pg_ctl restart -m fast`, which drops every connection the app holds.
The app is not restarted: its pooled connections must be noticed as dead (CONN_HEALTH_CHECKS) and
replaced. The shared PostgreSQL is only read (pg_dump of the test database).
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import free_port, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

BASE_DIR = Path(__file__).resolve().parents[2]
PATHS = ["/fi/", "/fi/events/", "/fi/kits/", "/healthz"]
CLIENTS = 4


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.skip("PostgreSQL server binaries are not installed")
    return found[-1]


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: in a root container, run it as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PrivateCluster:
    def __init__(self, root: Path):
        self.data = root / "pgdata"
        self.socket_dir = root
        self.port = free_port()
        self.log = root / "postgres.log"

    def pg_ctl(self, *args):
        subprocess.run(
            _as_server_user(
                [_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args]
            ),
            check=True,
            capture_output=True,
        )

    def create(self):
        subprocess.run(
            _as_server_user(
                [_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-o", options, "start")
        return self

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def private_cluster():
    # Not under tmp_path: pytest's directories are private to root, and the server may run as postgres.
    root = Path(tempfile.mkdtemp(prefix="ake-faults-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster = PrivateCluster(root).create()
    yield cluster
    cluster.pg_ctl("-m", "immediate", "stop")
    shutil.rmtree(root, ignore_errors=True)


def _copy_test_database(cluster: PrivateCluster) -> str:
    from django.db import connection

    source = connection.settings_dict
    name = "ake_private"
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", name],
        check=True,
        capture_output=True,
    )
    dump = subprocess.Popen(
        [
            "pg_dump",
            "-h",
            source["HOST"] or "127.0.0.1",
            "-p",
            str(source["PORT"] or 5432),
            "-U",
            source["USER"],
            "--no-owner",
            source["NAME"],
        ],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", name],
        stdin=dump.stdout,
        check=True,
        capture_output=True,
    )
    assert dump.wait() == 0
    return cluster.url(name)


@pytest.fixture
def site(private_cluster, settings, tmp_path):
    database_url = _copy_test_database(private_cluster)
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ake.settings.test",
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL,
        DJANGO_CONN_MAX_AGE="60",  # persistent connections: the case where a restart leaves dead ones
    )
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ake.wsgi:application",
            "--workers=2",
            "--threads=2",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _get(base + "/healthz")[0] == 200, timeout=60), (
            tmp_path / "gunicorn.log"
        ).read_text()[-3000:]
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, repr(error)


def test_site_recovers_from_a_postgres_restart_without_being_restarted(site, private_cluster, capsys):
    results: list[tuple[float, float, int]] = []
    error_pages: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int):
        turn = number
        while not stop.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            started = time.monotonic()
            status, body = _get(site + path)
            with lock:
                results.append((started, time.monotonic(), status))
                if status >= 400 and path != "/healthz":
                    error_pages.setdefault(status, body)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    outage_start = time.monotonic()
    private_cluster.pg_ctl("-m", "fast", "restart")
    outage_end = time.monotonic()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    def phase(started, ended):
        if ended < outage_start:
            return "before"
        if started > outage_end:
            return "after"
        return "during"

    figure = {name: {"ok": 0, "errors": 0} for name in ("before", "during", "after")}
    error_statuses: dict[int, int] = {}
    for started, ended, status in results:
        ok = 200 <= status < 400
        figure[phase(started, ended)]["ok" if ok else "errors"] += 1
        if not ok:
            error_statuses[status] = error_statuses.get(status, 0) + 1
    with capsys.disabled():
        print(
            f"\n[faults: postgres restart] outage {outage_end - outage_start:.2f} s; "
            + "; ".join(f"{name}: {v['ok']} ok, {v['errors']} errors" for name, v in figure.items())
            + f"; errors outside the outage: {figure['before']['errors'] + figure['after']['errors']}"
            + f"; error statuses {error_statuses}"
        )
    assert figure["before"]["ok"] > 0 and figure["after"]["ok"] > 0
    assert figure["before"]["errors"] == 0
    assert figure["after"]["errors"] == 0
    # During the outage the site says so, in Finnish, and asks to come back: a 503, never a bare 500.
    assert set(error_statuses) <= {503}, error_statuses
    if 503 in error_pages:
        assert "Palvelu on hetken poissa käytöstä" in error_pages[503]
