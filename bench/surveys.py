#!/usr/bin/env python
"""Surveys (issue 16): sending the yearly survey to N staff through one Celery worker, and the
results page for N answers × Q questions.

    .venv/bin/python bench/surveys.py [--staff 600] [--questions 30] [--concurrency 1]

Builds (once) a database of its own, creates N staff accounts, a yearly survey of Q questions,
starts an aiosmtpd sink and one worker, sends the invitations (one outbox row each) and measures
until the sink has every message. Then it stores N anonymous responses to every question and times
the results page in-process (Django's test client, a signed-in AKE editor), counting its queries:
wall time, this process's CPU time (time.process_time: what a shared machine's load does not
inflate) and the queries' time in PostgreSQL.
"""

import argparse
import datetime
import os
import statistics
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

KINDS = ["scale", "single", "multiple", "yes_no", "text", "matrix"]


def _questions(count):
    from surveys.models import QuestionKind

    specs = []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        spec = {
            "kind": kind,
            "key": f"q{number}",
            "text_fi": f"Kysymys {number}",
            "text_sv": f"Fråga {number}",
        }
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            spec["options_fi"] = "Yksi\nKaksi\nKolme\nNeljä"
        if kind == QuestionKind.MATRIX:
            spec["options_fi"] = "Rivi 1\nRivi 2\nRivi 3"
        specs.append(spec)
    return specs


def _answers(survey, count, rng):
    from networks.models import Library
    from surveys.models import Answer, QuestionKind, Response, size_class_of

    libraries = list(Library.objects.filter(parent__isnull=True))
    questions = list(survey.questions.all())
    responses, answers = [], []
    for _ in range(count):
        library = rng.choice(libraries)
        response = Response(
            survey=survey,
            consortium=library.consortium,
            region=library.region,
            size_class=size_class_of(library),
        )
        responses.append(response)
        for q in questions:
            if q.kind == QuestionKind.MATRIX:
                for row in (1, 2, 3):
                    answers.append(Answer(response=response, question=q, row=row, number=rng.randint(1, 5)))
            elif q.kind == QuestionKind.MULTIPLE:
                answers.append(
                    Answer(response=response, question=q, choices=sorted(rng.sample(range(1, 5), 2)))
                )
            elif q.kind == QuestionKind.TEXT:
                answers.append(Answer(response=response, question=q, text=f"vastaus {rng.random():.6f}"))
            else:
                top = {"scale": 5, "single": 4, "yes_no": 2}[q.kind]
                answers.append(Answer(response=response, question=q, number=rng.randint(1, top)))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=5000)
    # The planner's statistics as autovacuum leaves them after such an insert in production: without
    # them it joins 24,000 answers by nested loops (bench measured 433 ms then, 7 Dec).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_answer")
        cursor.execute("ANALYZE surveys_response")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=600)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--results-only", action="store_true", help="skip sending the invitations: time the results page only"
    )
    args = parser.parse_args()

    database_url = empty_database("ake_bench_surveys")
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
    from ake.models import OutboxMail
    from networks.models import Library, User
    from surveys.models import Question, Survey, SurveyKind

    app.conf.task_always_eager = False
    Survey.objects.filter(title_fi__startswith="Bench").delete()
    OutboxMail.objects.filter(purpose__startswith="surveys.").delete()
    User.objects.filter(email__endswith="@bench.example").delete()
    library = Library.objects.get(name_fi="Turun kaupunginkirjasto")
    User.objects.bulk_create(
        User(email=f"staff{n}@bench.example", library=library, language=("fi", "sv")[n % 5 == 0])
        for n in range(args.staff)
    )
    now = timezone.now()
    survey = Survey.objects.create(
        kind=SurveyKind.YEARLY,
        year=now.year,
        title_fi="Bench henkilöstökysely",
        title_sv="Bench personalenkät",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=14),
    )
    Question.objects.bulk_create(
        Question(survey=survey, sort_order=n, **spec) for n, spec in enumerate(_questions(args.questions))
    )
    bench_staff = [(u.email, u) for u in User.objects.filter(email__endswith="@bench.example")]

    if not args.results_only:
        _send(args, env, survey, bench_staff, sink, controller)
    else:
        controller.stop()
    _results(args, survey, library)


def _send(args, env, survey, bench_staff, sink, controller):
    from surveys import services

    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "ake", "worker", "--loglevel=WARNING",
         f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle"],
        cwd=BASE_DIR, env=env, start_new_session=True,
    )  # fmt: skip
    time.sleep(4)  # the worker connects to Redis and is ready
    try:
        started = time.monotonic()
        services.audience = lambda _survey: list(bench_staff)  # only the bench accounts
        count = services.invitations_send(survey=survey)
        enqueue_seconds = time.monotonic() - started
        deadline = started + 900
        while sink.count < args.staff and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        controller.stop()
    print("| staff | workers | invitations | enqueue (s) | all delivered (s) | messages/s | received |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.staff} | {args.concurrency} | {count} | {enqueue_seconds:.2f} | {elapsed:.1f} | "
        f"{sink.count / elapsed:.0f} | {sink.count} |"
    )


def _results(args, survey, library):
    import random

    from django.contrib.auth.models import Group
    from django.db import connection as db
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from networks.models import User
    from networks.roles import AKE_EDITORS

    _answers(survey, args.staff, random.Random(16))
    editor = User.objects.filter(groups__name=AKE_EDITORS).first()
    if editor is None:
        editor = User.objects.create_user(email="bench-editor@bench.example", password="x", library=library)
        editor.groups.add(Group.objects.get(name=AKE_EDITORS))
    client = Client()
    client.force_login(editor)
    url = f"/fi/surveys/{survey.pk}/results/"
    client.get(url)
    timings, cpu, sql = [], [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(db) as captured:
            # Wall time counts the waits of a machine shared with others; the process's CPU time
            # (this Python process only) does not. PostgreSQL's part is the queries' wall time (SQL).
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            timings.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        assert response.status_code == 200, response.status_code
    # What was rendered: the whole page, every free text of the AKE editor's view among it.
    page_kb = len(response.content) / 1024
    texts = response.content.count(b"<li>vastaus ")
    print()
    print(
        "| answers × questions | queries | wall median / max (ms) | CPU median / max (ms) | SQL median (ms) |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| {args.staff} × {args.questions} | {len(captured)} | {statistics.median(timings):.0f} / "
        f"{max(timings):.0f} | {statistics.median(cpu):.0f} / {max(cpu):.0f} | {statistics.median(sql):.0f} |"
    )
    print(f"page {page_kb:.0f} KB, {texts} free texts listed")


if __name__ == "__main__":
    main()
