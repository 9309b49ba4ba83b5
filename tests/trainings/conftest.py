import datetime
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from tests.conftest import _snapshot_restore, _snapshot_tables
from trainings.models import Event, EventFormat, EventKind
from trainings.services import event_save


def make_event(**fields) -> Event:
    """A published event a week from now, with its scheduled mails set up as the admin would."""
    # iCalendar has whole seconds: a start without microseconds compares equal after a round trip.
    start = fields.pop("start", (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0))
    defaults = {
        "title": "Saavutettava viestintä",
        "kind": EventKind.TRAINING,
        "format": EventFormat.IN_PERSON,
        "start": start,
        "end": start + datetime.timedelta(hours=3),
        "status": Event.Status.PUBLISHED,
        "venue": "Turun pääkirjasto",
        "municipality": "Turku",
    }
    defaults.update(fields)
    event = Event.objects.create(**defaults)
    event_save(event=event, previous=None)
    event.refresh_from_db()
    return event


@pytest.fixture
def event(db):
    return make_event(seats_on_site=20)


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\r\n", "").strip()


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Real commits against the test database, for threads and worker processes to see.

    Unlike ``transaction=True`` this does not flush every table afterwards (which would also remove
    the registry that the migrations load, and break later runs with --reuse-db): the test's own
    rows are deleted instead.
    """
    from django.db import connection
    from django.test.utils import setup_databases

    from networks.models import User
    from trainings.models import Event

    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            # Run on its own, no test asked pytest-django for a database: set it up the same way.
            setup_databases(verbosity=0, interactive=False, keepdb=True, aliases={"default"})
        events_before = set(Event.objects.values_list("pk", flat=True))
        users_before = set(User.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            if _snapshot_tables:
                # The migrated data was copied (tests/conftest.py): everything the test committed goes,
                # its outbox mail and audit rows too, as after a transactional test. Under pytest-xdist
                # the next file's tests follow on this database, not the end of the session.
                _snapshot_restore(connection)
            else:
                Event.objects.exclude(pk__in=events_before).delete()
                User.objects.exclude(pk__in=users_before).delete()
