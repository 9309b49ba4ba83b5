"""Backup and restore times and sizes at demo scales (issue #19).

    .venv/bin/python bench/backup.py --scales 1 10 [--reuse]

For each scale: a database with the demo data (``ake_bench_backup_sN``, media under
``.data/bench-media-sN``), then ``manage.py backup`` plain and encrypted, and ``manage.py restore``
of each into a new database and media folder (dropped afterwards). Times are wall-clock of the
commands as an operator runs them (Django's start-up, about 1-2 s, included).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BASE_DIR, PYTHON, _conninfo, database_url_for, django_env, ensure_database  # noqa: E402


def _timed(env, *args) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    return time.monotonic() - started


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(_conninfo(database_url_for("postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_size(url: str) -> int:
    import psycopg

    with psycopg.connect(_conninfo(url)) as connection:
        return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def _tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1])
    parser.add_argument("--reuse", action="store_true", help="reuse a database loaded earlier")
    options = parser.parse_args()
    rows = []
    for scale in options.scales:
        media = BASE_DIR / ".data" / f"bench-media-s{scale}"
        os.environ["DJANGO_MEDIA_ROOT"] = str(media)
        name = f"ake_bench_backup_s{scale}"
        url = ensure_database(name, scale, reload=not options.reuse)
        files, media_bytes = _tree_size(media)
        for encrypted in (False, True):
            with tempfile.TemporaryDirectory(prefix="ake-bench-backup-") as work:
                work = Path(work)
                env = django_env(url, DJANGO_MEDIA_ROOT=str(media), AKE_BACKUP_DIR=str(work / "backups"))
                env.pop("REDIS_URL", None)
                if encrypted:
                    env["AKE_BACKUP_KEY"] = subprocess.run(
                        [PYTHON, "manage.py", "backup", "--new-key"],
                        cwd=BASE_DIR,
                        env=env,
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout.strip()
                backup_seconds = _timed(env, "backup", "--no-prune")
                folder = next((work / "backups").iterdir())
                manifest = json.loads((folder / "manifest.json").read_text())
                restored = f"{name}_restored"
                _drop(restored)
                try:
                    restore_seconds = _timed(
                        env,
                        "restore",
                        str(folder),
                        "--database",
                        restored,
                        "--media-root",
                        str(work / "media"),
                    )
                finally:
                    _drop(restored)
                shutil.rmtree(work / "media", ignore_errors=True)
            rows.append(
                {
                    "scale": scale,
                    "encrypted": encrypted,
                    "database_mb": _database_size(url) / 1e6,
                    "media_files": files,
                    "media_mb": media_bytes / 1e6,
                    "dump_mb": manifest["database"]["size"] / 1e6,
                    "archive_mb": manifest["media"]["size"] / 1e6,
                    "backup_s": backup_seconds,
                    "restore_s": restore_seconds,
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    print()
    print("| scale | encrypted | database | media | dump | media archive | backup | restore |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['scale']} | {'yes' if row['encrypted'] else 'no'} | {row['database_mb']:.1f} MB | "
            f"{row['media_files']} files, {row['media_mb']:.1f} MB | {row['dump_mb']:.1f} MB | "
            f"{row['archive_mb']:.1f} MB | {row['backup_s']:.1f} s | {row['restore_s']:.1f} s |"
        )


if __name__ == "__main__":
    main()
