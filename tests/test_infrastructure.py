import logging

import pytest

from ake.cache import ResilientRedisCache
from ake.sanitize import clean_html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_clean_html_removes_scripts_and_handlers(payload):
    cleaned = clean_html(payload).lower()
    assert "<script" not in cleaned and "onerror" not in cleaned and "javascript:" not in cleaned
    assert "<iframe" not in cleaned and "onload" not in cleaned and "style=" not in cleaned


def test_clean_html_keeps_ordinary_formatting():
    html = '<p>Hei <strong>kaikki</strong>, <a href="https://kirjastot.fi">linkki</a></p>'
    expected_link = '<a href="https://kirjastot.fi" rel="noopener noreferrer nofollow">linkki</a>'
    assert clean_html(html) == f"<p>Hei <strong>kaikki</strong>, {expected_link}</p>"


def test_cache_answers_as_a_miss_while_redis_is_unreachable():
    # A port where nothing listens stands for a Redis outage; the real Redis keeps serving other tests.
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("key", 1) is True
    cache.set("key", 1)  # no exception
    assert cache.incr("key") == 1
    assert cache.read_raw(("key",)) is None  # the content areas' versions: none, nothing is kept


def test_task_errors_are_logged_with_the_task_id(caplog):
    from ake.celery import app
    from ake.log_filters import TaskContextFilter

    logger = logging.getLogger("ake.test.task")
    logger.addFilter(TaskContextFilter())

    @app.task(name="tests.failing_task")
    def failing_task():
        logger.error("task failed on purpose")

    with caplog.at_level(logging.ERROR, logger="ake.test.task"):
        result = failing_task.apply(task_id="task-id-123")
    assert result.successful()
    record = next(r for r in caplog.records if r.getMessage() == "task failed on purpose")
    assert record.task_id == "task-id-123"
    assert record.task_name == "tests.failing_task"


def test_sanitized_richtext_filter_cleans_what_the_editor_did_not_write():
    from ake.templatetags.ake_tags import sanitized_richtext

    html = sanitized_richtext('<p>Tervetuloa<script>alert(1)</script><img src=x onerror="alert(1)"></p>')
    assert "<script" not in html and "onerror" not in html and "Tervetuloa" in html
