"""Liveness and readiness through django-health-check (issue #19), in place of the hand-written /healthz.

- ``/healthz`` (liveness, for the load balancer and docker's health check): the process answers and the
  database runs ``SELECT 1``. Cheap, so it can be asked every few seconds.
- ``/readyz`` (readiness, for monitoring and deploys): the database; Redis (asked directly: the cache
  backend treats an unreachable Redis as a miss, so a cache round trip would always pass); a Celery
  worker answering a ping; free disk where the media files and the backups are; and a successful
  backup younger than ``AKE_BACKUP_MAX_AGE_HOURS``.

Both answer 200 when every check passes and 503 otherwise, as JSON for ``Accept: application/json`` or
``?format=json`` (HTML otherwise). Messages name the failing part, never a password or address.
"""

import dataclasses
import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class BackupAge(HealthCheck):
    """The newest complete backup in AKE_BACKUP_DIR is younger than AKE_BACKUP_MAX_AGE_HOURS."""

    max_age_hours: int | None = None

    def run(self):
        from .backup import backup_latest

        max_age = datetime.timedelta(hours=self.max_age_hours or settings.AKE_BACKUP_MAX_AGE_HOURS)
        latest = backup_latest()
        if latest is None:
            raise ServiceUnavailable("no backup found")
        age = timezone.now() - latest.created
        if age > max_age:
            hours = age.total_seconds() / 3600
            raise ServiceUnavailable(f"the newest backup is {hours:.0f} hours old")


@dataclasses.dataclass
class RedisPing(HealthCheck):
    """Redis answers PING (the broker and the shared cache)."""

    def run(self):
        import redis

        if not settings.REDIS_URL:
            return  # no Redis configured: tasks run in-process, the cache is local
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        except redis.RedisError as error:
            raise ServiceUnavailable(type(error).__name__) from error


@dataclasses.dataclass
class CeleryPing(HealthCheck):
    """A Celery worker answers a ping (skipped when tasks run in-process)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=2), repr=False)

    def run(self):
        from .celery import app

        if app.conf.task_always_eager:
            return

        try:
            answers = app.control.ping(timeout=self.timeout.total_seconds())
        except OSError as error:
            raise ServiceUnavailable(type(error).__name__) from error
        if not answers:
            raise ServiceUnavailable("no Celery worker answered")


@dataclasses.dataclass
class FreeDisk(HealthCheck):
    """The disk of a folder is less than AKE_HEALTH_MAX_DISK_PERCENT full."""

    path: str = ""

    def run(self):
        import psutil

        path = Path(self.path)
        while not path.exists() and path != path.parent:
            path = path.parent
        usage = psutil.disk_usage(str(path))
        if usage.percent >= settings.AKE_HEALTH_MAX_DISK_PERCENT:
            raise ServiceUnavailable(f"{usage.percent:.0f} % of the disk is used")


class _View(HealthCheckView):
    """django-health-check's view, answering 503 (not 500) when a check fails."""

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


def liveness_checks():
    return [Database]


def readiness_checks():
    return [
        Database,
        RedisPing,
        CeleryPing,
        (FreeDisk, {"path": str(settings.MEDIA_ROOT)}),
        (FreeDisk, {"path": str(settings.AKE_BACKUP_DIR)}),
        BackupAge,
    ]


class LivenessView(_View):
    def get_checks(self):
        self.checks = liveness_checks()
        return super().get_checks()


class ReadinessView(_View):
    def get_checks(self):
        self.checks = readiness_checks()
        return super().get_checks()


healthz = LivenessView.as_view()
readyz = ReadinessView.as_view()
