"""Where a page's time goes: CPU milliseconds per request, in one process, for each page type.

    python bench/profile_pages.py [--scale 1] [--requests 200] [--page "notice index"] [--profile]

Runs the site in this process with production settings (DEBUG off) against the scale's benchmark
database, with the anonymous page cache off, and requests each page through Django's full handler
and middleware: what one gunicorn worker spends on it, minus the socket. The template floor is
measured the same way, so "× floor" here is comparable to the ratio bench/pages.py reports.
``--profile`` adds a cProfile of the chosen pages (sorted by cumulative time, top 40 entries);
``--queries`` prints each page's SQL, warm and then cold.

Cold views come in kinds (``--writes``): ``all`` retires every content area before each request (a
change of the site's structure, the worst case); the others retire what one kind of write retires
(``ake.areas.areas_of`` of the model it saves, through ``content_changed`` as the write's signals
do): ``registration`` (someone registers for an event), ``booking`` (a kit is booked), ``notice`` (a
notice is published), ``login`` (a login writes ``last_login``: nothing), ``site`` (the site's
structure alone, ake/areas.py SITE: the chrome of every page), ``section`` (a menu section renamed:
notices and site), ``event`` (an event edited), ``kit`` (a kit edited), ``group`` (a working group
edited). Each kind's column gives
CPU ms per request and its ratio to the page's warm CPU.
"""

import argparse
import cProfile
import io
import os
import pstats
import runpy
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BASE_DIR, BENCH_SECRET_KEY, ensure_database  # noqa: E402


def configure(database_url: str, static_root: Path) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="ake.settings.production",
        DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        AKE_BENCH_FLOORS="1",
        AKE_PAGE_CACHE="false",
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    if not (static_root / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", "--no-input", "-v0")


SORT_BY = os.environ.get("SORT", "cumulative")
STATS_LINES = int(os.environ.get("NSTAT", "40"))
ROW = "{:<16} {:<10} {:>6} {:>7} {:>8} {:>7} {:>8} {:>8} {:>8} {:>7}"


def measure(client, url, requests, *, profile=False, show_queries=False):
    from django.db import connection

    for _ in range(20):
        client.get(url)
    # Django empties connection.queries at each request start, so count with a wrapper instead.
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(url).status_code
    profiler = cProfile.Profile() if profile else None
    # The best of three rounds: a round disturbed by another process shows as slower, never faster.
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
    if show_queries:
        for sql in queries:
            print("   ", sql[:300])
    report = ""
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("NSTAT", "40"))
        )
        report = stream.getvalue()
    return status, len(queries), wall * 1000 / requests, cpu * 1000 / requests, report


def write_areas(kind: str) -> tuple[str, ...]:
    """The content areas a write of this kind retires (empty: none)."""
    from ake.areas import AREAS, areas_of

    if kind == "all":
        return AREAS
    if kind == "login":
        return ()
    from ake.areas import NOTICES, SITE

    if kind == "site":  # the site's structure alone: the chrome every page shows (ake/areas.py SITE)
        return (SITE,)
    if kind == "section":  # a menu section renamed or published: a page write of the site's structure
        return (NOTICES, SITE)
    from extranet.models import NoticePage
    from loans.models import Kit, KitBooking
    from networks.models import WorkingGroup
    from trainings.models import Event, Registration

    model = {
        "registration": Registration,
        "booking": KitBooking,
        "notice": NoticePage,
        "event": Event,
        "kit": Kit,
        "group": WorkingGroup,
    }[kind]
    return areas_of(model) or ()


def measure_cold(client, url, requests, *, show_queries=False, areas=None):
    """A cold view: ``areas`` (default: every content area) retired before each request, as the
    first view after a write of them (ake/areas.py). Only the request is timed. Best of three rounds."""
    from django.db import connection

    from ake.areas import AREAS
    from ake.page_cache import content_changed

    areas = AREAS if areas is None else areas

    def retire():
        if areas:
            content_changed(*areas)

    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    client.get(url)
    retire()
    with connection.execute_wrapper(record):
        client.get(url)
    if show_queries:
        print("    cold:")
        for sql in queries:
            print("   ", sql[:300])
    rounds = []
    for _ in range(3 if requests else 0):
        wall_total = cpu_total = 0.0
        for _ in range(requests):
            retire()
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall_total += time.perf_counter() - wall
            cpu_total += time.process_time() - cpu
        rounds.append((wall_total, cpu_total))
    if not rounds:
        return len(queries), 0.0, 0.0
    wall, cpu = min(rounds)
    return len(queries), wall * 1000 / requests, cpu * 1000 / requests


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--page", action="append", help="only these page types (repeatable)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--cold-requests", type=int, default=30, help="cold views per round (0: none)")
    parser.add_argument(
        "--writes",
        default="all",
        help="comma-separated kinds of cold view: all, registration, booking, notice, login, site, "
        "section, event, kit, group (default all)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("AKE_BENCH_DATABASE", ""),
        help="database name (default ake_bench_s<scale>, made with the scale's demo data if missing)",
    )
    args = parser.parse_args()

    database_url = ensure_database(args.database or f"ake_bench_s{args.scale}", args.scale, reload=False)
    configure(database_url, Path(tempfile.gettempdir()) / "ake-profile-static")
    from django.test import Client

    with redirect_stdout(io.StringIO()):
        found = runpy.run_path(str(Path(__file__).parent / "page_urls.py"))["result"]
    session_key = found["session_key"]

    anonymous = Client()
    logged_in = Client()
    from django.conf import settings

    logged_in.cookies[settings.SESSION_COOKIE_NAME] = session_key
    _, _, floor_wall, floor_cpu, _ = measure(anonymous, "/bench/floor/template", args.requests)
    kinds = [kind.strip() for kind in args.writes.split(",") if kind.strip()] if args.cold_requests else []
    row = ROW + "".join(" {:>15} {:>13}" for _ in kinds)
    header = ("page", "visitor", "status", "queries", "wall ms", "cpu ms", "× floor")
    header += ("cold q", "cold cpu", "cold ×")[: 3 if args.cold_requests else 0] + ("", "", "")[
        : 0 if args.cold_requests else 3
    ]
    for kind in kinds:
        header += (f"{kind} q/cpu", "× warm")
    print(row.format(*header))
    floor = ("floor template", "", 200, 0, f"{floor_wall:.2f}", f"{floor_cpu:.2f}", "1.00", "", "", "")
    print(row.format(*floor, *("" for _ in kinds for _ in (0, 1))))
    for name, entry in found["pages"].items():
        if args.page and name not in args.page:
            continue
        if "url" not in entry:
            print(f"{name:<16} {entry.get('error')}")
            continue
        visitors = [("anonymous", anonymous)]
        if "logged_in_queries" in entry:
            visitors.append(("logged in", logged_in))
        for label, client in visitors:
            status, queries, wall, cpu, report = measure(
                client, entry["url"], args.requests, profile=args.profile, show_queries=args.queries
            )
            ratio = f"{floor_wall / wall:.2f}"
            cold = ("", "", "")
            columns = []
            for kind in kinds if args.cold_requests else ():
                cold_queries, _cold_wall, cold_cpu = measure_cold(
                    client,
                    entry["url"],
                    args.cold_requests,
                    show_queries=args.queries,
                    areas=write_areas(kind),
                )
                if kind == "all":
                    cold = (cold_queries, f"{cold_cpu:.2f}", f"{cold_cpu / cpu:.1f}")
                columns += [f"{cold_queries} / {cold_cpu:.2f}", f"{cold_cpu / cpu:.1f}"]
            print(
                row.format(name, label, status, queries, f"{wall:.2f}", f"{cpu:.2f}", ratio, *cold, *columns)
            )
            if report:
                print(report)


if __name__ == "__main__":
    main()
