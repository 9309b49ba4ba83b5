#!/usr/bin/env python
"""Instructions per request of every page type, on this checkout and on a reference commit, under
valgrind's callgrind: figures that the machine's load cannot disturb (issues #14 and #20).

    .venv/bin/python bench/instructions.py --ref 7a78fd5 --scales 1 10 [--requests 5] [--cold 3]

Why instructions: CPU milliseconds measured on the shared 2-core machine under load 8-15 moved by
30-50 % between runs, so "within 10 %" could be neither proven nor refuted. The number of machine
instructions a request executes does not depend on what else runs; the same request measured twice
differs by well under 1 %. It counts the web process only (Python, Django, the PostgreSQL and Redis
client libraries), not the PostgreSQL server's work: the SQL queries are reported beside it.

What it does, for this checkout ("head") and for ``--ref`` (checked out with ``git worktree add
--detach`` in $TMPDIR/ake-ref-<sha>, kept for the next run; it runs with this checkout's .venv, which
is fine while the reference's requirements.lock is a subset of this one's, as the script checks):

1. a database per tree and scale, ``ake_ibench_<head|sha>_s<scale>`` on DATABASE_URL's server, made
   once with the tree's own migrations, ``demo_data --scale N`` and ``page_trees_sync`` where the
   tree has it (as ``make run`` does); ``--reload`` makes it again;
2. one process per tree and scale under ``valgrind --tool=callgrind --instr-atstart=no``, with
   production settings (DEBUG off), PYTHONHASHSEED=0 and the anonymous page cache off (what
   rendering costs once the per-process copies are warm; bench/profile_pages.py does the same). The
   pages are those of bench/page_urls.py (this checkout's file, run in both trees). Each page is
   requested through Django's test client and full middleware a few times without instrumentation,
   then with it: each measured request is wrapped in callgrind client requests (a small C shim
   built with gcc from valgrind's callgrind.h) that zero the counters before it and dump them after
   it, so a figure holds the request and nothing else.

   - warm: the fewest instructions of ``--requests`` consecutive requests (under callgrind a request
     takes seconds, and values kept per minute expire between them: that only ever adds);
   - cold: the first view after a write: every content area retired (``content_changed()``, which
     in the reference is its one content version) just before the request; median of ``--cold``.

3. a table per scale: instructions (millions) per request on the reference and on head, head/ref,
   the SQL queries of each, and cold/warm on head (issue #20's aim: cold CPU at most 3x warm).

Each measuring run has cache keys of its own on REDIS_URL (``AKE_CACHE_PREFIX``), dropped after
it. A run at scale 1 and 10 on both trees takes about 30 min of one core once
the databases exist (callgrind runs Python about 50x slower); loading the demo data at scale 10
takes longer. ``--keep DIR`` keeps the callgrind files (one per measured request) for
``callgrind_annotate``; ``--json FILE`` writes the figures.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SHIM_SOURCE = r"""
#include <valgrind/callgrind.h>
void ake_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void ake_zero(void) { CALLGRIND_ZERO_STATS; }
void ake_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


# --- the measuring process (runs under callgrind, inside the tree measured) -----------------------


def worker(args) -> None:
    import ctypes
    import io
    import runpy
    from contextlib import redirect_stdout

    shim = ctypes.CDLL(args.shim)
    tree = Path(args.tree)
    # bench/ holds modules named like the apps (surveys.py, report.py): never importable here.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    import django

    django.setup()
    from django.conf import settings

    # Callgrind runs Python about 50x slower: the cache client's 0.5 s socket timeouts would fire
    # and the resilient cache would then count Redis as down (no kept copies, every page cold).
    settings.CACHES["default"].setdefault("OPTIONS", {}).update(socket_timeout=60, socket_connect_timeout=60)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from ake.page_cache import content_changed

    static_root = Path(settings.STATIC_ROOT)
    if not (static_root / "staticfiles.json").exists():
        call_command("collectstatic", "--no-input", "-v0")
    with redirect_stdout(io.StringIO()):
        found = runpy.run_path(str(BASE_DIR / "bench" / "page_urls.py"))["result"]
    anonymous, logged_in = Client(), Client()
    logged_in.cookies[settings.SESSION_COOKIE_NAME] = found["session_key"]
    visits = []
    for name, entry in found["pages"].items():
        if "url" not in entry or (args.page and name not in args.page):
            continue
        visits.append((name, "anonymous", anonymous, entry["url"]))
        if "logged_in_queries" in entry:
            visits.append((name, "logged in", logged_in, entry["url"]))

    for _name, _visitor, client, url in visits:  # imports, templates, connections: not measured
        for _ in range(2):
            client.get(url)
    shim.ake_start()
    results = {"errors": {n: e["error"] for n, e in found["pages"].items() if "url" not in e}}
    # CPU seconds of each measured request: meaningless under callgrind, the figure of a native run
    # (--calibrate), whose client requests are no-ops.
    times = results["times"] = {}

    def measured(label, client, url, data=None):
        """(status, queries) of one request, its instructions dumped under ``label``."""
        queries = []

        def record(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            shim.ake_zero()
            started = time.process_time()
            response = client.get(url, data)
            times.setdefault(label.rsplit("|", 1)[0], []).append(time.process_time() - started)
            shim.ake_dump(label.encode())
        return response.status_code, len(queries)

    # Warm: every page in turn, nothing written in between (a cold view would retire the others).
    results["visits"] = found_visits = []
    for name, visitor, client, url in visits:
        # The fewest queries, as the fewest instructions: a value kept per minute may expire mid-run.
        answers = [measured(f"warm|{name}|{visitor}|{n}", client, url) for n in range(args.requests)]
        status, queries = answers[-1][0], min(queries for _status, queries in answers)
        found_visits.append(
            {"page": name, "visitor": visitor, "url": url, "status": status, "queries": queries}
        )
    # Issue #20's first search: each word once, never searched before in the process (a repeated
    # search's results are kept per language, query and minute), anonymous, the page parts warm.
    saved_path = list(sys.path)
    search_words = runpy.run_path(str(BASE_DIR / "bench" / "profile_search.py"))["WORDS"]
    sys.path[:] = saved_path
    results["searches"] = []
    for language, words in {} if args.no_search else search_words.items():
        with translation.override(language):
            url = reverse("extranet:search")
        for word in words:
            status, queries = measured(f"search|{language}|anonymous|{word}", anonymous, url, {"q": word})
            results["searches"].append(
                {"language": language, "word": word, "status": status, "queries": queries}
            )
    # Cold: the first view after a write that retired every content area.
    for (name, visitor, client, url), visit in zip(visits, found_visits, strict=True):
        visit["cold_queries"] = None
        for number in range(args.cold):
            content_changed()
            _status, visit["cold_queries"] = measured(f"cold|{name}|{visitor}|{number}", client, url)
    from ake import cache as resilient

    results["cache_unavailable"] = bool(getattr(resilient, "_unavailable_until", {}))
    Path(args.out, "visits.json").write_text(json.dumps(results))


# --- the orchestration (runs in this checkout) ---------------------------------------------------


def run(command, **kwargs):
    return subprocess.run(command, check=True, text=True, **kwargs)


def database_url(name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + name))


def reference_tree(ref: str) -> tuple[str, Path]:
    sha = run(["git", "rev-parse", "--verify", ref + "^{commit}"], cwd=BASE_DIR, capture_output=True)
    sha = sha.stdout.strip()
    tree = Path(tempfile.gettempdir()) / f"ake-ref-{sha[:7]}"
    if not tree.exists():
        run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=BASE_DIR)
    return sha[:7], tree


def requirements_note(tree: Path) -> str:
    def pins(path):
        return {line.strip() for line in path.read_text().splitlines() if "==" in line}

    extra = pins(tree / "requirements.lock") - pins(BASE_DIR / "requirements.lock")
    if extra:
        return "the reference pins what this .venv lacks (a venv of its own is needed): " + ", ".join(extra)
    return "the reference's requirements.lock is a subset of this checkout's: it runs with this .venv"


def _new_database(name: str, *, reload: bool, template: str = "") -> bool:
    """Creates the database ``name`` (dropping an old one when ``reload``; a copy of ``template`` if
    given); False when it exists and is kept."""
    import psycopg

    with psycopg.connect(
        database_url("postgres").replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reload:
            return False
        if exists:
            c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return True


def ensure_database(tree: Path, name: str, scale: int, *, reload: bool) -> str:

    url = database_url(name)
    if not _new_database(name, reload=reload):
        return url
    env = tree_env(tree, url, "ake.settings.dev")
    print(f"# {name}: loading the demo data at scale {scale} with {tree}", flush=True)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--no-input", "-v0"], cwd=tree, env=env)
    run([*manage, "demo_data", "--scale", str(scale)], cwd=tree, env=env)
    if (tree / "extranet" / "management" / "commands" / "page_trees_sync.py").exists():
        run([*manage, "page_trees_sync"], cwd=tree, env=env)
    return url


def forward_copy(sha: str, scale: int, *, reload: bool) -> str:
    """--same-data: the reference's database copied and migrated forward with this checkout (the
    migrations keep every value), so both trees render the same rows."""

    name, source = f"ake_ibench_head_from_{sha}_s{scale}", f"ake_ibench_{sha}_s{scale}"
    url = database_url(name)
    if not _new_database(name, reload=reload, template=source):
        return url
    env = tree_env(BASE_DIR, url, "ake.settings.dev")
    print(f"# {name}: {source} migrated forward", flush=True)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env)
    run([PYTHON, "manage.py", "page_trees_sync"], cwd=BASE_DIR, env=env)
    return url


def tree_env(tree: Path, url: str, settings_module: str, **extra) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(tree))
    env.update(extra)
    return env


def build_shim(directory: Path) -> Path:
    source, library = directory / "shim.c", directory / "shim.so"
    source.write_text(SHIM_SOURCE)
    run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(library), str(source)])
    return library


def drop_cache_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def measure(
    tree: Path, label: str, url: str, scale: int, args, shim: Path, out: Path, *, native=False
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    if args.parse_only and not native:
        return parse(out)
    for old in out.glob("callgrind.out*"):
        old.unlink()
    static_root = Path(tempfile.gettempdir()) / f"ake-ibench-static-{label}"
    env = tree_env(
        tree,
        url,
        "ake.settings.production",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        AKE_PAGE_CACHE="false",
        AKE_PAGE_CACHE_SECONDS="86400",  # callgrind is slow: kept copies must not expire mid-run
        PYTHONHASHSEED="0",
        # Keys of this run alone: a demo load or another run on the same Redis database bumps the
        # shared content versions, which would make warm pages cold in the middle of a measurement.
        AKE_CACHE_PREFIX=f"ake-ibench-{label}-s{scale}-{os.getpid()}",
    )
    run([PYTHON, "manage.py", "compile_translations"], cwd=tree, env=env, capture_output=True)
    drop_cache_keys(env["AKE_CACHE_PREFIX"])
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--dump-line=no",
        f"--callgrind-out-file={out}/callgrind.out",
        PYTHON,
        str(Path(__file__).resolve()),
        "--worker",
        "--tree",
        str(tree),
        "--shim",
        str(shim),
        "--out",
        str(out),
        "--requests",
        str(args.requests),
        "--cold",
        str(args.cold),
        *[f"--page={page}" for page in args.page or []],
        *(["--no-search"] if args.no_search else []),
    ]
    if native:
        print(
            f"# {label} scale {scale}: native run for CPU times (load {os.getloadavg()[0]:.1f})", flush=True
        )
        run(command[command.index(PYTHON) :], cwd=tree, env=env)
        found = json.loads((out / "visits.json").read_text())
        found["load"] = os.getloadavg()[0]
        return found
    if not args.parse_only:
        print(f"# {label} scale {scale}: measuring under callgrind", flush=True)
        try:
            run(command, cwd=tree, env=env, stderr=None if args.verbose else subprocess.DEVNULL)
        finally:
            drop_cache_keys(env["AKE_CACHE_PREFIX"])
    return parse(out)


def parse(out: Path) -> dict:
    """The figures of a run from its callgrind files (one per measured request) and visits.json."""
    counts: dict[tuple, list[int]] = {}
    for path in out.glob("callgrind.out.*"):
        text = path.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        total = re.search(r"^summary: (\d+)", text, re.M)
        if not trigger or not total:
            continue
        kind, page, visitor, _number = trigger.group(1).split("|")
        counts.setdefault((kind, page, visitor), []).append(int(total.group(1)))
    found = json.loads((out / "visits.json").read_text())
    for visit in found["visits"]:
        for kind in ("warm", "cold"):
            values = sorted(counts.get((kind, visit["page"], visit["visitor"]), []))
            # Warm: the fewest. Under callgrind a request takes seconds, so the values kept per
            # minute ("upcoming" events, a repeated search) often expire between two of them; such a
            # disturbance only ever adds instructions.
            pick = (lambda values: values[0]) if kind == "warm" else statistics.median
            visit[kind] = pick(values) if values else None
            # How repeatable: the two fewest of the warm requests, all of the cold ones.
            last = values[1] if kind == "warm" and len(values) > 1 else (values[-1] if values else None)
            visit[kind + "_spread"] = (last - values[0]) / values[0] if values else None
    found["search"] = {
        language: statistics.median(values)
        for (kind, language, _visitor), values in counts.items()
        if kind == "search"
    }
    return found


def mi(value) -> str:
    return "–" if value is None else f"{value / 1e6:.1f}"


def table(scale: int, sha: str, ref: dict, head: dict) -> None:
    print(f"\n#### Scale {scale}: million instructions per request (reference {sha}, head)\n")
    print(
        "| page | visitor | warm ref | warm head | head/ref | cold ref | cold head | head/ref "
        "| queries ref/head warm, cold | cold/warm head |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|---|--:|")
    before = {(v["page"], v["visitor"]): v for v in ref["visits"]}
    for visit in head["visits"]:
        old = before.get((visit["page"], visit["visitor"]))

        def ratio(kind, old=old, visit=visit):
            if not old or not old.get(kind) or not visit.get(kind):
                return "–"
            value = visit[kind] / old[kind]
            return f"**{value:.2f}**" if value > 1.10 else f"{value:.2f}"

        queries = (
            f"{old['queries']}/{visit['queries']}, {old['cold_queries']}/{visit['cold_queries']}"
            if old
            else f"–/{visit['queries']}, –/{visit['cold_queries']}"
        )
        status = "" if visit["status"] == 200 else f" ({visit['status']})"
        cold_warm = f"{visit['cold'] / visit['warm']:.1f}" if visit["warm"] and visit["cold"] else "–"
        print(
            f"| {visit['page']}{status} | {visit['visitor']} "
            f"| {mi(old and old['warm'])} | {mi(visit['warm'])} "
            f"| {ratio('warm')} | {mi(old and old['cold'])} | {mi(visit['cold'])} | {ratio('cold')} "
            f"| {queries} | {cold_warm} |"
        )
    for label, found in (("reference", ref), ("head", head)):
        for page, error in found["errors"].items():
            print(f"\n{label}: {page}: {error}")
    # How repeatable the counts are: the cold ones of a page, and the two fewest warm ones where
    # neither was disturbed by a value kept per minute expiring (those differ by far more).
    cold = [v["cold_spread"] for f in (ref, head) for v in f["visits"] if v["cold_spread"] is not None]
    warm = [v["warm_spread"] for f in (ref, head) for v in f["visits"] if v["warm_spread"] is not None]
    if cold:
        print(f"\nRepeated cold requests of one page differ by at most {max(cold):.1%}", end="")
    if warm:
        close = [s for s in warm if s < 0.10]
        print(
            f"; the two fewest warm counts by at most {max(close):.1%} on {len(close)} of {len(warm)} "
            "visits (the others had one disturbed)"
            if close
            else ""
        )


def searches(scale: int, label: str, found: dict) -> None:
    print(
        f"\nFirst search of a word ({label}, scale {scale}), median of the words of bench/profile_search.py:"
    )
    for language, value in found.get("search", {}).items():
        queries = sorted({s["queries"] for s in found["searches"] if s["language"] == language})
        statuses = sorted({s["status"] for s in found["searches"] if s["language"] == language})
        print(f"- {language}: {mi(value)} M instructions, queries {queries}, status {statuses}")


def calibrate(scale: int, measured: dict, native: dict) -> float:
    """Instructions per CPU millisecond of this machine, from the same warm requests run natively."""
    times = native["times"]
    rates = []
    for visit in measured["visits"]:
        cpu = times.get(f"warm|{visit['page']}|{visit['visitor']}")
        if cpu and visit["warm"]:
            rates.append(visit["warm"] / (statistics.median(cpu) * 1000))
    rate = statistics.median(rates)
    print(
        f"\nInstructions per CPU ms (scale {scale}, warm pages run natively, load {native['load']:.1f}): "
        f"median {rate / 1e6:.2f} M/ms over {len(rates)} pages "
        f"(range {min(rates) / 1e6:.2f}–{max(rates) / 1e6:.2f})"
    )
    for language, value in measured.get("search", {}).items():
        cpu = [t for key, values in times.items() if key.startswith(f"search|{language}|") for t in values]
        print(
            f"- first search {language}: {value / rate:.1f} ms from its instructions; "
            f"{statistics.median(cpu) * 1000:.1f} ms CPU measured natively in the same run"
        )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--ref", default="7a78fd5", help="reference commit (default: before the language work)"
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=5, help="warm requests measured per page")
    parser.add_argument("--cold", type=int, default=3, help="cold requests measured per page")
    parser.add_argument("--page", action="append", help="only these page types (repeatable)")
    parser.add_argument("--no-search", action="store_true", help="skip the first searches")
    parser.add_argument("--reload", action="store_true", help="load the demo databases again")
    parser.add_argument("--only", choices=["ref", "head"], help="measure one tree only")
    parser.add_argument("--keep", help="directory for the callgrind files (default: a temporary one)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="also run head natively at the last scale: instructions per CPU ms, first search in ms",
    )
    parser.add_argument("--parallel", action="store_true", help="measure both trees at once")
    parser.add_argument(
        "--parse-only", action="store_true", help="tables from the files of an earlier run in --keep"
    )
    parser.add_argument(
        "--same-data",
        action="store_true",
        help="measure head on the reference's demo database migrated forward (the same rows)",
    )
    parser.add_argument("--verbose", action="store_true", help="show valgrind's output")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--shim", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    for variable in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(variable):
            sys.exit(f"{variable} is needed (source .env.helper)")
    if shutil.which("valgrind") is None or shutil.which("gcc") is None:
        sys.exit("valgrind and gcc are needed: apt-get install valgrind gcc")
    sha, ref_tree = reference_tree(args.ref)
    print(f"# reference {sha} in {ref_tree}; {requirements_note(ref_tree)}", flush=True)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ake-ibench-"))
    work.mkdir(parents=True, exist_ok=True)
    shim = build_shim(work)
    trees = [(sha, ref_tree), ("head", BASE_DIR)]
    if args.only:
        trees = [trees[0]] if args.only == "ref" else [trees[1]]
    figures = {}
    for scale in args.scales:
        urls = {
            label: database_url(f"ake_ibench_{label}_s{scale}")
            if args.parse_only
            else forward_copy(sha, scale, reload=args.reload)
            if args.same_data and label == "head"
            else ensure_database(tree, f"ake_ibench_{label}_s{scale}", scale, reload=args.reload)
            for label, tree in trees
        }
        # --parallel: both trees at once (instruction counts do not mind; the machine's other users do).
        with ThreadPoolExecutor(max_workers=2 if args.parallel else 1) as pool:
            runs = {
                label: pool.submit(
                    measure,
                    tree,
                    label,
                    urls[label],
                    scale,
                    args,
                    shim,
                    work / f"{label}{'_same' if args.same_data and label == 'head' else ''}_s{scale}",
                )
                for label, tree in trees
            }
            for label, future in runs.items():
                figures[f"{label}_s{scale}"] = future.result()
        if not args.only:
            table(scale, sha, figures[f"{sha}_s{scale}"], figures[f"head_s{scale}"])
        for label, _tree in trees:
            searches(scale, label, figures[f"{label}_s{scale}"])
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1))
    if args.calibrate and f"head_s{scale}" in figures:
        native = measure(
            BASE_DIR,
            "head",
            database_url(f"ake_ibench_head_s{scale}"),
            scale,
            args,
            shim,
            work / "native",
            native=True,
        )
        calibrate(scale, figures[f"head_s{scale}"], native)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
