"""The restore drill (issue #19): a backup restored into a new database and media folder is identical
to what was backed up; a backup taken under concurrent writes is consistent; a damaged backup is
refused before anything is touched; a backup killed midway leaves the previous one as the latest."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ake import backup as backups
from tests.operations.drill import (
    BASE_DIR,
    connect,
    database_url,
    media_hashes,
    report_json,
    table_fingerprints,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_drill_{uuid.uuid4().hex[:8]}"
    yield name
    backups.database_drop(name)


def _source_name() -> str:
    return connection.settings_dict["NAME"]


def test_demo_data_survives_backup_and_restore_identically(tmp_path, restored_name):
    call_command("demo_data", scale=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    media_root = Path(settings.MEDIA_ROOT)
    assert media_hashes(media_root), "the demo data should include media files"
    key = backups.new_key().encode()

    made = backups.backup_create(directory=tmp_path / "backups", key=key, database=connection.settings_dict)
    assert made.manifest["encrypted"] is True
    assert not list((tmp_path / "backups").glob("*.partial"))

    target_media = tmp_path / "restored-media"
    backups.backup_restore(made.path, database_name=restored_name, media_root=target_media, key=key)

    before, after = table_fingerprints(_source_name()), table_fingerprints(restored_name)
    assert sorted(before) == sorted(after)
    assert {t: v for t, v in before.items() if v != after[t]} == {}
    assert sum(count for count, _ in before.values()) > 1000
    assert before["trainings_registration"][0] > 0

    assert media_hashes(target_media) == media_hashes(media_root)

    year = timezone.localdate().year
    for report_year in (year, year - 1):
        assert report_json(restored_name, report_year) == report_json(_source_name(), report_year)


def test_a_backup_taken_while_registrations_are_written_restores_consistently(tmp_path, restored_name):
    from networks.models import Library
    from tests.trainings.conftest import make_event
    from trainings import services

    event = make_event(seats_on_site=5, seats_remote=0)
    library = Library.objects.get(name_fi="Turun kaupunginkirjasto")
    stop = threading.Event()
    written: list[int] = []
    errors: list[Exception] = []

    def register(worker: int) -> None:
        try:
            index = 0
            while not stop.is_set():
                services.registration_create(
                    event=event,
                    email=f"w{worker}-{index}@turku.fi",
                    first_name="Writer",
                    last_name=str(index),
                    library=library,
                )
                written.append(index)
                index += 1
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(worker,)) for worker in range(3)]
    for thread in threads:
        thread.start()
    try:
        while len(written) < 10:
            time.sleep(0.05)
        made = backups.backup_create(
            directory=tmp_path / "backups", key=False, database=connection.settings_dict
        )
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []

    backups.backup_restore(made.path, database_name=restored_name, media_root=tmp_path / "media2", key=False)
    with connect(restored_name) as conn:
        registrations = conn.execute(
            "SELECT count(*) FROM trainings_registration WHERE event_id = %s", [event.pk]
        ).fetchone()[0]
        orphans = conn.execute(
            """SELECT count(*) FROM trainings_registration r WHERE r.event_id = %s AND NOT EXISTS
               (SELECT 1 FROM trainings_eventmail m WHERE m.registration_id = r.id)""",
            [event.pk],
        ).fetchone()[0]
    assert registrations >= 10
    assert orphans == 0
    # Writes went on after the snapshot: the backup is a point in time, not the final state.
    from trainings.models import Registration

    assert Registration.objects.filter(event=event).count() >= registrations


def _small_backup(tmp_path, key=False):
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "documents").mkdir(exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "documents" / "plan.txt").write_text("Toimintasuunnitelma 2027\n")
    return backups.backup_create(directory=tmp_path / "backups", key=key, database=connection.settings_dict)


def _assert_refused(made_path, restored_name, target_media, match, key=False):
    with pytest.raises(backups.BackupError, match=match):
        backups.backup_restore(made_path, database_name=restored_name, media_root=target_media, key=key)
    assert not backups._database_exists(connection.settings_dict, restored_name)
    assert not target_media.exists()
    assert not target_media.with_name(target_media.name + ".restoring").exists()


def test_a_corrupt_or_truncated_backup_is_refused_and_nothing_is_touched(tmp_path, restored_name):
    made = _small_backup(tmp_path)
    target = tmp_path / "target-media"
    dump = made.path / "database.dump"
    media = made.path / "media.tar.gz"
    good_dump, good_media = dump.read_bytes(), media.read_bytes()

    # one byte flipped in the middle of the dump
    data = bytearray(good_dump)
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    _assert_refused(made.path, restored_name, target, "corrupt")
    dump.write_bytes(good_dump)

    # the media archive cut short
    media.write_bytes(good_media[: len(good_media) // 2])
    _assert_refused(made.path, restored_name, target, "truncated")
    media.write_bytes(good_media)

    # a dump cut short whose manifest was rewritten to match: pg_restore's own check refuses it
    import hashlib
    import json

    short = good_dump[: len(good_dump) // 3]
    dump.write_bytes(short)
    manifest = json.loads((made.path / "manifest.json").read_text())
    manifest["database"].update(size=len(short), sha256=hashlib.sha256(short).hexdigest())
    (made.path / "manifest.json").write_text(json.dumps(manifest))
    _assert_refused(made.path, restored_name, target, "pg_restore")

    # no manifest at all (a backup that never finished)
    (made.path / "manifest.json").unlink()
    _assert_refused(made.path, restored_name, target, "no manifest")

    # the command line says the same, and exits non-zero
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "restore",
            str(made.path),
            "--database",
            restored_name,
            "--media-root",
            str(target),
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(_source_name())},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refused:" in result.stderr and "no manifest" in result.stderr


def test_an_encrypted_backup_needs_its_key(tmp_path, restored_name):
    key = backups.new_key().encode()
    made = _small_backup(tmp_path, key=key)
    assert (made.path / "database.dump.enc").exists()
    assert b"Toimintasuunnitelma" not in (made.path / "media.tar.gz.enc").read_bytes()
    target = tmp_path / "target-media"
    _assert_refused(made.path, restored_name, target, "encrypted: set AKE_BACKUP_KEY", key=None)
    _assert_refused(made.path, restored_name, target, "cannot be decrypted", key=backups.new_key().encode())
    backups.backup_restore(made.path, database_name=restored_name, media_root=target, key=key)
    assert (target / "documents" / "plan.txt").read_text() == "Toimintasuunnitelma 2027\n"


def test_restore_refuses_an_existing_database_or_a_non_empty_media_folder(tmp_path, restored_name):
    made = _small_backup(tmp_path)
    with pytest.raises(backups.BackupError, match="exists"):
        backups.backup_restore(made.path, database_name=_source_name(), media_root=tmp_path / "m", key=False)
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("x")
    with pytest.raises(backups.BackupError, match="not empty"):
        backups.backup_restore(made.path, database_name=restored_name, media_root=full, key=False)
    assert (full / "keep.txt").read_text() == "x"


def test_a_backup_killed_midway_leaves_the_previous_one_as_latest_and_restorable(tmp_path, restored_name):
    directory = tmp_path / "backups"
    first = _small_backup(tmp_path)
    # A large incompressible media file keeps the second backup busy long enough to kill it.
    (Path(settings.MEDIA_ROOT) / "big.bin").write_bytes(os.urandom(60 * 1024 * 1024))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(_source_name()),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "AKE_BACKUP_KEY": "",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "backup", "--dir", str(directory)], cwd=BASE_DIR, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (partials := list(directory.glob("*.partial"))):
        time.sleep(0.01)
    assert partials, "the second backup never started"
    while time.monotonic() < deadline and not (partials[0] / "media.tar.gz").exists():
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert list(directory.glob("*.partial")), "the killed backup's folder stays behind as .partial"
    assert backups.backup_latest(directory).name == first.name
    backups.backup_restore(
        backups.backup_latest(directory).path,
        database_name=restored_name,
        media_root=tmp_path / "restored",
        key=False,
    )
    assert (tmp_path / "restored" / "documents" / "plan.txt").exists()
    assert not (tmp_path / "restored" / "big.bin").exists()

    # The next backup removes the leftover.
    (Path(settings.MEDIA_ROOT) / "big.bin").unlink()
    backups.backup_create(directory=directory, key=False, database=connection.settings_dict)
    assert not list(directory.glob("*.partial"))


def test_retention_keeps_14_daily_8_weekly_12_monthly():
    start = datetime.datetime(2025, 1, 1, 0, 15, tzinfo=datetime.UTC)
    made = [
        backups.Backup(path=Path(f"/x/ake-{n}"), created=start + datetime.timedelta(days=n), manifest={})
        for n in range(730)  # two years of nightly backups
    ]
    keep = backups.retention_keep(made, daily=14, weekly=8, monthly=12)
    kept = sorted((b for b in made if b.name in keep), key=lambda b: b.created)
    assert made[-1].name in keep
    newest = made[-1].created
    daily = [b for b in kept if (newest - b.created).days < 14]
    assert len(daily) == 14
    assert len({timezone.localtime(b.created).isocalendar()[:2] for b in kept}) >= 8
    assert (
        len({(timezone.localtime(b.created).year, timezone.localtime(b.created).month) for b in kept}) == 12
    )
    assert len(kept) <= 14 + 8 + 12
    assert min(b.created for b in kept) > newest - datetime.timedelta(days=366)


def test_the_command_prints_a_key_lists_backups_and_the_beat_job_is_daily_at_0215(tmp_path, settings):
    from io import StringIO

    from ake.celery import app

    out = StringIO()
    call_command("backup", "--new-key", stdout=out)
    assert len(out.getvalue().strip()) == 44  # a Fernet key
    made = _small_backup(tmp_path)
    out = StringIO()
    call_command("backup", "--list", "--dir", str(tmp_path / "backups"), stdout=out)
    assert made.name in out.getvalue()
    entry = settings.CELERY_BEAT_SCHEDULE["ake-backup"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {15})
