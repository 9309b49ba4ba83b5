#!/usr/bin/env python
"""Time to send one notice to N subscribers through a real Celery worker to a local SMTP sink.

    .venv/bin/python bench/fanout.py [--subscribers 600] [--concurrency 2]

Builds (once) a database of its own, creates N confirmed subscriptions, starts an aiosmtpd sink and
a Celery worker process, publishes a notice and measures until the sink has every message.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BASE_DIR,
    PYTHON,
    CountingSmtpSink,
    django_env,
    empty_database,
    free_port,
    manage,
)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    database_url = empty_database("ake_bench_fanout")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    manage(django_env(database_url), "migrate", "--no-input", "-v0")

    from aiosmtpd.controller import Controller

    sink = CountingSmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    env = django_env(
        database_url,
        REDIS_URL=redis_url,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        DJANGO_LOG_LEVEL="WARNING",
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    from ake.celery import app
    from extranet.models import (
        Delivery,
        HomePage,
        NoticeIndexPage,
        NoticePage,
        Subscription,
        SubscriptionPeriod,
    )

    app.conf.task_always_eager = False
    Delivery.objects.all().delete()
    SubscriptionPeriod.objects.all().delete()
    Subscription.objects.all().delete()
    now = timezone.now()
    subscriptions = Subscription.objects.bulk_create(
        [
            Subscription(
                email=f"reader{n}@bench.example",
                rhythm="immediate",
                language="fi",
                status=Subscription.Status.ACTIVE,
                confirmed_at=now,
                created_at=now,
            )
            for n in range(args.subscribers)
        ]
    )
    SubscriptionPeriod.objects.bulk_create(
        [SubscriptionPeriod(subscription=s, subscribed_at=now, confirmed_at=now) for s in subscriptions]
    )
    index = NoticeIndexPage.objects.first()
    if index is None:
        index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
        HomePage.objects.get(depth=2).add_child(instance=index)
        index.save_revision().publish()

    worker = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "ake",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={args.concurrency}",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    time.sleep(4)  # the worker connects to Redis and is ready
    try:
        notice = NoticePage(title=f"Benchmark {now:%H:%M:%S}", lead="Mittaus.", live=False)
        index.add_child(instance=notice)
        started = time.monotonic()
        notice.save_revision().publish()
        publish_seconds = time.monotonic() - started
        deadline = started + 300
        while sink.count < args.subscribers and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        controller.stop()
    duplicates = max(0, sink.count - args.subscribers)
    print("| subscribers | workers | publish (s) | all delivered (s) | messages/s | received | duplicates |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.subscribers} | {args.concurrency} | {publish_seconds:.2f} | {elapsed:.1f} | "
        f"{sink.count / elapsed:.0f} | {sink.count} | {duplicates} |"
    )


if __name__ == "__main__":
    main()
