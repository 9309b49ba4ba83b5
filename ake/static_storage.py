"""whitenoise's compressed manifest storage, each static file's URL worked out once per process.

Every page asks for the URLs of its stylesheet, icon and scripts (``{% static %}``); the manifest
storage works each out anew: the name split and unquoted, the hashed name looked up, the URL joined,
about 250 Python steps per file. The manifest is read when the process starts and does not change
while it runs (a deploy starts new processes), so a name's URL is a constant of the process: it is
kept per name (the names are those of the templates' ``{% static %}`` tags, a few dozen). Under
DEBUG, where the storage serves unhashed names, nothing is kept.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

_MAX_NAMES = 1000  # a bound, should a template ever pass names that vary


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._urls[name]
        except (KeyError, TypeError):
            pass
        url = super().url(name)
        if isinstance(name, str) and len(self._urls) < _MAX_NAMES:
            self._urls[name] = url
        return url
