"""Django's database sessions, read with a statement compiled once per process (ake/prepared.py).

Every logged-in request reads its session row; Django's store builds and compiles the same query for
it each time. This store is Django's ``db`` store but for that read: the same table, rows, expiry
and errors, so sessions written by either are read by both.
"""

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from .prepared import PreparedQuery

_session = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).order_by(),
    "prepared-sample-session-key",
    datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # Django's store catches SuspiciousOperation from its get(); a plain read raises none.
        if self.model is Session and self.session_key:
            found = _session.first(self.session_key, timezone.now())
            if found is None:
                self._session_key = None
            return found
        return super()._get_session_from_db()
