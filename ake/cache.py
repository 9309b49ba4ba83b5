"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's RedisCache raises on a lost connection, which would turn every page that touches the cache
(allauth rate limits, cached fragments) into a 500 during a Redis outage.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(method_name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(RedisCache, method_name)(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("cache unavailable", extra={"operation": method_name, "error": str(error)})
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = method_name
    return method


def _default_of(*args, **kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    get = _tolerant("get", _default_of)
    set = _tolerant("set", None)
    add = _tolerant("add", True)
    delete = _tolerant("delete", False)
    touch = _tolerant("touch", False)
    get_many = _tolerant("get_many", lambda *args, **kwargs: {})
    set_many = _tolerant("set_many", list)
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", 1)
    clear = _tolerant("clear", False)
