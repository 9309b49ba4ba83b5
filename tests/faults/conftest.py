"""Fixtures of the fault suite: private servers that the tests may stop and restart.

The shared PostgreSQL and Redis serve everyone's tests; an outage is only ever staged on a private
server started here, on a free port, and removed afterwards.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float = 60.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


class PrivateRedis:
    """A redis-server of this test alone, without persistence, that can be stopped and started again."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)
        if not wait_until(lambda: _pings(client), timeout=10):
            raise RuntimeError("private redis-server did not start")
        return self

    def freeze(self):
        """The process stops answering but its port stays open: connects succeed, replies never come."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.send_signal(signal.SIGKILL)  # an outage, not a clean shutdown
            self.process.wait(timeout=10)
        self.process = None


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except (redis.RedisError, OSError):
        return False


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


def pool_children(pid: int) -> list[int]:
    """The prefork pool processes of a celery worker (its direct children)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as stream:
            return [int(child) for child in stream.read().split()]
    except FileNotFoundError:
        return []


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def admin_with_mfa(ake_admin):
    """An AKE admin who has set up TOTP, as the admin requires before it shows anything."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=ake_admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return ake_admin
