"""Where an admin page's time goes for an editor: CPU milliseconds per request, in one process.

    python bench/profile_admin.py --database ake_speed_s10 [--requests 20] [--profile] [--queries]

Runs the site in this process with production settings (DEBUG off) against a database loaded with
the demo data (``manage.py demo_data --scale N``), logged in as the demo's editor (editor@turku.fi,
or ``--user admin@turku.fi``), and requests each admin page through Django's full handler and
middleware. Per
page: status, SQL queries, templates rendered (Django ``Template.render`` calls, the admin's
components included), wall and CPU milliseconds per request (best of three rounds).
``--profile`` adds a cProfile of each page (SORT, NSTAT as in profile_pages.py).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ensure_database  # noqa: E402
from profile_pages import configure  # noqa: E402

PAGES = {
    "event listing": ("trainings_event:index", ""),
    "event listing, search": ("trainings_event:index", "?q=koulutus"),
    "event listing, no rows": ("trainings_event:index", "?q=zzzzqqq"),
    "admin home": ("wagtailadmin_home", ""),
}
ROW = "{:<24} {:>6} {:>7} {:>9} {:>8} {:>8}"


def count_templates():
    """Counts Django template renders (each admin component renders one or more)."""
    from django.template.base import Template

    original = Template.render
    calls = [0]
    names: dict = {}

    def render(self, context):
        calls[0] += 1
        names[self.origin.template_name] = names.get(self.origin.template_name, 0) + 1
        return original(self, context)

    if os.environ.get("TEMPLATES"):
        import atexit

        atexit.register(lambda: print(sorted(names.items(), key=lambda item: -item[1])[:20]))

    Template.render = render
    return calls, lambda: setattr(Template, "render", original)


def measure(client, url, requests, *, profile=False, show_queries=False):
    from django.db import connection

    for _ in range(3):
        client.get(url)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    calls, restore = count_templates()
    with connection.execute_wrapper(record):
        status = client.get(url).status_code
    restore()
    if show_queries:
        for sql in queries:
            print("   ", sql[:300])
    profiler = cProfile.Profile() if profile else None
    rounds = []
    for _ in range(1 if profiler else 3):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(requests):
            client.get(url)
        if profiler:
            profiler.disable()
        rounds.append((time.perf_counter() - wall, time.process_time() - cpu))
    wall, cpu = min(rounds)
    report = ""
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("NSTAT", "40"))
        )
        report = stream.getvalue()
    return status, len(queries), calls[0], wall * 1000 / requests, cpu * 1000 / requests, report


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--user", default="editor@turku.fi", help="whose admin (default: the demo's editor)")
    args = parser.parse_args()

    database_url = ensure_database(args.database, 1, reload=False)
    configure(database_url, Path(tempfile.gettempdir()) / "ake-profile-static")
    from django.test import Client
    from django.urls import reverse

    from networks.models import User

    client = Client()
    client.force_login(User.objects.get(email=args.user))
    print(ROW.format("page", "status", "queries", "templates", "wall ms", "cpu ms"))
    for name, (url_name, query) in PAGES.items():
        if args.page and name not in args.page:
            continue
        status, queries, templates, wall, cpu, report = measure(
            client, reverse(url_name) + query, args.requests, profile=args.profile, show_queries=args.queries
        )
        print(ROW.format(name, status, queries, templates, f"{wall:.1f}", f"{cpu:.1f}"))
        if report:
            print(report)


if __name__ == "__main__":
    main()
