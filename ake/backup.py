"""Backups of the database and the media files, and restores from them (issue #19).

A backup is one folder in ``AKE_BACKUP_DIR`` named ``ake-YYYYMMDDTHHMMSSZ``:

- ``database.dump``: ``pg_dump --format=custom`` (compressed; one consistent snapshot of the whole
  database, taken in a single repeatable-read transaction, so rows written together are either all
  in it or all out of it);
- ``media.tar.gz``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: what the folder holds, with the size and SHA-256 of each part as stored.

With ``AKE_BACKUP_KEY`` (a Fernet key: ``manage.py backup --new-key`` prints one) both parts are
encrypted (``.enc``; Fernet is AES-128-CBC with an HMAC-SHA256, so a changed byte is refused).

A backup is written into ``<name>.partial`` and renamed only when every part is written and hashed,
so a backup killed midway never shows as a backup; the next run removes the leftover folder.
After each backup the grandfather-father-son retention keeps the newest backup of each of the last
14 days, 8 ISO weeks and 12 months (``AKE_BACKUP_KEEP_DAILY``/``_WEEKLY``/``_MONTHLY``).

A restore checks everything it can before it touches anything: the manifest, every part's size and
hash, the decryption, and ``pg_restore --list`` over the dump. Only then does it create the target
database (which must not exist) and fill it in one transaction, and unpack the media into a new
folder beside the target that is renamed into place at the end. On any failure the database it
created is dropped and the media folder it was unpacking removed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FORMAT_VERSION = 1
PREFIX = "ake-"
PARTIAL_SUFFIX = ".partial"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup could not be made or a backup is not fit to restore; the message says why."""


# --------------------------------------------------------------------------- settings
def backup_dir() -> Path:
    return Path(getattr(settings, "AKE_BACKUP_DIR", None) or Path(settings.BASE_DIR) / ".data" / "backups")


def backup_key() -> bytes | None:
    key = getattr(settings, "AKE_BACKUP_KEY", "") or ""
    return key.encode() if key else None


def _fernet(key: bytes):
    from cryptography.fernet import Fernet

    try:
        return Fernet(key)
    except (ValueError, TypeError) as error:
        raise BackupError(
            "AKE_BACKUP_KEY is not a Fernet key (32 url-safe base64-encoded bytes); "
            "`manage.py backup --new-key` prints one."
        ) from error


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


# --------------------------------------------------------------------------- PostgreSQL tools
def pg_env(database: dict | None = None, *, name: str | None = None) -> dict[str, str]:
    """The libpq environment for the PostgreSQL tools (no password on a command line)."""
    database = database or settings.DATABASES["default"]
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        value = database.get(key)
        if value:
            env[var] = str(value)
        else:
            env.pop(var, None)
    env["PGDATABASE"] = name or database["NAME"]
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def _run(args: list[str], *, env: dict, what: str) -> subprocess.CompletedProcess:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(
            f"{args[0]} was not found: install the PostgreSQL client tools (postgresql-client)."
        )
    result = subprocess.run([tool, *args[1:]], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- listing
@dataclass
class Backup:
    path: Path
    created: datetime.datetime
    manifest: dict

    @property
    def name(self) -> str:
        return self.path.name


def _created_from_name(name: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(name[len(PREFIX) :], "%Y%m%dT%H%M%S%fZ").replace(
            tzinfo=datetime.UTC
        )
    except ValueError:
        return None


def backups_list(directory: Path | None = None) -> list[Backup]:
    """Complete backups (a folder with a readable manifest), newest first. Partial folders are not listed."""
    directory = Path(directory or backup_dir())
    found = []
    if not directory.is_dir():
        return found
    for path in directory.iterdir():
        if not path.is_dir() or not path.name.startswith(PREFIX) or path.name.endswith(PARTIAL_SUFFIX):
            continue
        created = _created_from_name(path.name)
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            continue
        if created is not None:
            found.append(Backup(path=path, created=created, manifest=manifest))
    found.sort(key=lambda backup: backup.created, reverse=True)
    return found


def backup_latest(directory: Path | None = None) -> Backup | None:
    backups = backups_list(directory)
    return backups[0] if backups else None


# --------------------------------------------------------------------------- backup
def _dump_database(target: Path, database: dict) -> None:
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--compress=6",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ],
        env=pg_env(database),
        what="pg_dump",
    )


def _tar_media(target: Path, media_root: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    return count


def _encrypt_in_place(path: Path, key: bytes) -> Path:
    encrypted = path.with_name(path.name + ".enc")
    encrypted.write_bytes(_fernet(key).encrypt(path.read_bytes()))
    path.unlink()
    return encrypted


def _server_version(database: dict) -> str:
    result = _run(["psql", "-XAtc", "SHOW server_version"], env=pg_env(database), what="psql")
    return result.stdout.strip()


def backup_create(
    *,
    directory: Path | None = None,
    media_root: Path | None = None,
    database: dict | None = None,
    key: bytes | None | bool = True,
    now: datetime.datetime | None = None,
    prune: bool = True,
) -> Backup:
    """Makes a backup and applies the retention. ``key=True`` takes ``AKE_BACKUP_KEY`` (if set)."""
    directory = Path(directory or backup_dir())
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database = database or settings.DATABASES["default"]
    key = backup_key() if key is True else (key or None)
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    _remove_partials(directory)

    name = PREFIX + now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = directory / name
    if final.exists():
        raise BackupError(f"{final} exists already.")
    partial = directory / (name + PARTIAL_SUFFIX)
    partial.mkdir()
    try:
        dump = partial / "database.dump"
        _dump_database(dump, database)
        media = partial / "media.tar.gz"
        media_files = _tar_media(media, media_root)
        if key:
            dump = _encrypt_in_place(dump, key)
            media = _encrypt_in_place(media, key)
        manifest = {
            "format": FORMAT_VERSION,
            "created": now.astimezone(datetime.UTC).isoformat(),
            "encrypted": bool(key),
            "database": {
                "name": database["NAME"],
                "server_version": _server_version(database),
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": _sha256(dump),
            },
            "media": {
                "file": media.name,
                "files": media_files,
                "size": media.stat().st_size,
                "sha256": _sha256(media),
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        _fsync_tree(partial)
        partial.rename(final)
        _fsync_dir(directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    backup = Backup(path=final, created=now.astimezone(datetime.UTC), manifest=manifest)
    if prune:
        backups_prune(directory)
    return backup


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_tree(path: Path) -> None:
    for child in path.iterdir():
        with open(child, "rb") as stream:
            os.fsync(stream.fileno())
    _fsync_dir(path)


def _remove_partials(directory: Path) -> None:
    """Folders a killed backup left behind (never listed as backups) are removed by the next one."""
    for path in directory.glob(PREFIX + "*" + PARTIAL_SUFFIX):
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- retention
def retention_keep(backups: list[Backup], *, daily: int = 14, weekly: int = 8, monthly: int = 12) -> set[str]:
    """Names of the backups that grandfather-father-son retention keeps: the newest of each of the
    last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that have a backup, and always the
    newest backup of all."""
    keep: set[str] = set()
    ordered = sorted(backups, key=lambda backup: backup.created, reverse=True)
    if ordered:
        keep.add(ordered[0].name)
    for limit, bucket in (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen: set = set()
        for backup in ordered:
            local = timezone.localtime(backup.created)
            period = bucket(local)
            if period in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(period)
            keep.add(backup.name)
    return keep


def backups_prune(directory: Path | None = None) -> list[str]:
    directory = Path(directory or backup_dir())
    backups = backups_list(directory)
    keep = retention_keep(
        backups,
        daily=settings.AKE_BACKUP_KEEP_DAILY,
        weekly=settings.AKE_BACKUP_KEEP_WEEKLY,
        monthly=settings.AKE_BACKUP_KEEP_MONTHLY,
    )
    removed = []
    for backup in backups:
        if backup.name not in keep:
            shutil.rmtree(backup.path, ignore_errors=True)
            removed.append(backup.name)
    return removed


# --------------------------------------------------------------------------- verification
def _part(backup_path: Path, manifest: dict, section: str) -> Path:
    entry = manifest.get(section)
    if not isinstance(entry, dict) or not all(k in entry for k in ("file", "size", "sha256")):
        raise BackupError(f"The manifest of {backup_path} has no valid '{section}' entry.")
    name = entry["file"]
    if "/" in name or name.startswith("."):
        raise BackupError(f"The manifest of {backup_path} names an unexpected file {name!r}.")
    path = backup_path / name
    if not path.is_file():
        raise BackupError(f"The backup {backup_path} is incomplete: {name} is missing.")
    size = path.stat().st_size
    if size != entry["size"]:
        raise BackupError(
            f"The backup {backup_path} is truncated or damaged: {name} has {size} bytes, "
            f"the manifest says {entry['size']}."
        )
    if _sha256(path) != entry["sha256"]:
        raise BackupError(
            f"The backup {backup_path} is corrupt: the SHA-256 of {name} differs from the manifest's."
        )
    return path


def _plain(path: Path, manifest: dict, key: bytes | None, workdir: Path) -> Path:
    if not manifest.get("encrypted"):
        return path
    if not key:
        raise BackupError("The backup is encrypted: set AKE_BACKUP_KEY to the key it was made with.")
    from cryptography.fernet import InvalidToken

    try:
        data = _fernet(key).decrypt(path.read_bytes())
    except InvalidToken as error:
        raise BackupError(
            f"{path.name} cannot be decrypted: AKE_BACKUP_KEY is not the key of this backup, "
            "or the file was changed."
        ) from error
    plain = workdir / path.name.removesuffix(".enc")
    plain.write_bytes(data)
    return plain


def _read_manifest(backup_path: Path) -> dict:
    if not backup_path.is_dir():
        raise BackupError(f"No backup at {backup_path}.")
    try:
        manifest = json.loads((backup_path / MANIFEST).read_text())
    except OSError as error:
        raise BackupError(f"The backup {backup_path} has no manifest (incomplete backup?).") from error
    except ValueError as error:
        raise BackupError(f"The manifest of {backup_path} is damaged: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"The backup {backup_path} is not a backup of format {FORMAT_VERSION}.")
    return manifest


def backup_verify(backup_path: Path, *, key: bytes | None | bool = True, workdir: Path) -> tuple[Path, Path]:
    """Checks a backup through and through; returns the plain dump and media archive (in ``workdir``
    when they had to be decrypted). Raises :class:`BackupError` with the reason otherwise."""
    backup_path = Path(backup_path)
    key = backup_key() if key is True else (key or None)
    manifest = _read_manifest(backup_path)
    dump = _plain(_part(backup_path, manifest, "database"), manifest, key, workdir)
    media = _plain(_part(backup_path, manifest, "media"), manifest, key, workdir)
    _run(
        ["pg_restore", "--list", str(dump)],
        env=pg_env(),
        what="Reading the database dump (pg_restore --list)",
    )
    try:
        with tarfile.open(media, "r:gz") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise BackupError(f"The media archive holds an unexpected entry {member.name!r}.")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"The media archive is damaged: {error}.") from error
    return dump, media


# --------------------------------------------------------------------------- restore
def _admin_connection(database: dict):
    import psycopg

    params = {
        "dbname": "postgres",
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "autocommit": True,
        "connect_timeout": 10,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def _database_exists(database: dict, name: str) -> bool:
    with _admin_connection(database) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def database_drop(name: str, database: dict | None = None) -> None:
    from psycopg import sql

    database = database or settings.DATABASES["default"]
    with _admin_connection(database) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def backup_restore(
    backup_path: Path,
    *,
    database_name: str,
    media_root: Path,
    key: bytes | None | bool = True,
    database: dict | None = None,
) -> dict:
    """Restores a backup into a new database ``database_name`` (on the server of ``database``, the
    default connection's unless given) and a new media folder ``media_root``. Neither may exist with
    content; nothing is touched before the backup has been checked through."""
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root)
    backup_path = Path(backup_path)
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            f"The media folder {media_root} exists and is not empty: restore into a new folder."
        )
    if _database_exists(database, database_name):
        raise BackupError(f"The database {database_name} exists: restore into a new database.")

    with tempfile.TemporaryDirectory(prefix="ake-restore-") as work:
        dump, media = backup_verify(backup_path, key=key, workdir=Path(work))
        manifest = _read_manifest(backup_path)

        from psycopg import sql

        with _admin_connection(database) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(database_name)
                )
            )
        unpacking = media_root.with_name(media_root.name + ".restoring")
        try:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    database_name,
                    str(dump),
                ],
                env=pg_env(database, name=database_name),
                what="pg_restore",
            )
            shutil.rmtree(unpacking, ignore_errors=True)
            unpacking.mkdir(parents=True)
            with tarfile.open(media, "r:gz") as tar:
                tar.extractall(unpacking, filter="data")
            if media_root.exists():
                media_root.rmdir()  # checked empty above
            unpacking.rename(media_root)
        except BaseException:
            database_drop(database_name, database)
            shutil.rmtree(unpacking, ignore_errors=True)
            raise
    return manifest
