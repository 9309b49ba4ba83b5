"""Static files' URLs kept per process (ake/static_storage.py): the same hashed URLs as whitenoise's
manifest storage gives, worked out once per name; unhashed and never kept under DEBUG."""

import json

from ake.static_storage import StaticFilesStorage


def _storage(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.3f2a1b.css").write_text("body{}")
    manifest = {"paths": {"css/site.css": "css/site.3f2a1b.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_static_url_is_the_hashed_one_and_kept(tmp_path, settings):
    settings.DEBUG = False
    storage = _storage(tmp_path)
    assert storage.url("css/site.css") == "/static/css/site.3f2a1b.css"
    assert storage._urls == {"css/site.css": "/static/css/site.3f2a1b.css"}
    assert storage.url("css/site.css") == "/static/css/site.3f2a1b.css"
    assert storage.url("css/site.css", force=True) == "/static/css/site.3f2a1b.css"


def test_under_debug_nothing_is_kept(tmp_path, settings):
    settings.DEBUG = True
    storage = _storage(tmp_path)
    assert storage.url("css/site.css") == "/static/css/site.css"
    assert storage._urls == {}
