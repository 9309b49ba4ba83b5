"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's RedisCache raises on a lost connection, which would turn every page that touches the cache
(allauth rate limits, cached fragments) into a 500 during a Redis outage.

A Redis that is down but still accepts connections (a frozen process, a network partition) costs a
full socket timeout per operation, and one login makes a dozen cache calls. So after a failure the
cache stays "off" for a few seconds: calls return their fallback at once, then one call tries again.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0

# Per server, shared by the cache objects of every thread (Django makes one per thread).
_unavailable_until: dict[str, float] = {}
_lock = threading.Lock()


def _tolerant(method_name, fallback, function=None):
    def method(self, *args, **kwargs):
        location = self._server_key
        if _unavailable_until.get(location, 0.0) > time.monotonic():
            return fallback(*args, **kwargs) if callable(fallback) else fallback
        try:
            return (function or getattr(RedisCache, method_name))(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            with _lock:
                _unavailable_until[location] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("cache unavailable", extra={"operation": method_name, "error": str(error)})
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = method_name
    return method


def _default_of(*args, **kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class _ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis object (with its ~170 response callbacks) for every cache call;
    a page makes several. One client per connection pool serves them all (redis-py clients are
    thread-safe: each command takes a connection from the pool)."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisCacheClient

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def _read_raw(self, keys: tuple, extra=None) -> tuple[list, object]:
        """The values of ``keys`` as stored (bytes, None where missing), and the value of ``extra``
        (a key of any kind, read as ``get`` does), in one MGET. The full keys of ``keys`` are made
        once per process, and nothing of them is unpickled: the content areas' versions
        (ake/page_cache.py) are read so on every page."""
        made = self.__dict__.setdefault("_made_keys", {})
        full = made.get(keys)
        if full is None:
            full = made[keys] = [self.make_and_validate_key(key) for key in keys]
        if extra is None:
            return self._cache.get_client(None).mget(full), None
        *found, value = self._cache.get_client(None).mget([*full, self.make_and_validate_key(extra)])
        return found, None if value is None else self._cache._serializer.loads(value)

    # None while Redis is unreachable.
    read_raw = _tolerant("read_raw", None, _read_raw)
    get = _tolerant("get", _default_of)
    set = _tolerant("set", None)
    add = _tolerant("add", True)
    delete = _tolerant("delete", False)
    touch = _tolerant("touch", False)
    get_many = _tolerant("get_many", lambda *args, **kwargs: {})
    # Returns the keys that were not set: all of them while Redis is unreachable.
    set_many = _tolerant("set_many", lambda data, *args, **kwargs: list(data))
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", 1)
    clear = _tolerant("clear", False)
