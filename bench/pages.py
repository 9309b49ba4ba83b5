#!/usr/bin/env python
"""Pages per second and latency under 16 concurrent connections, at scale 1 and scale 10.

    .venv/bin/python bench/pages.py [--seconds 10] [--scales 1 10]

For each scale it builds (once) a database with that scale's demo data, serves it with gunicorn
(2 sync workers, production settings, DEBUG off) on loopback and measures every page type with
wrk, side by side with two floors measured in the same run: a bare view returning a fixed 30 KB
string, and a view rendering a 30 KB template with a 20-item loop. Each page is reported as a ratio
to the template floor, which holds on a noisy machine better than absolute figures. It also prints
the SQL queries each page takes at each scale.

``--busy-hour SECONDS`` adds the busy-hour mix (issue #20): 16 connections where 1 request in 20 is a
write (a registration or a kit booking through the real services, alternately; bench-only views)
and the rest anonymous page views of every page type in turn, with the production configuration
(anonymous page cache on). It reports the page views' throughput, p50 and p99 twice: as the site
is (a write retires only its content areas) and with every write retiring every area
(``AKE_BENCH_RETIRE_ALL``, what one content version did before the areas). The client is Python
threads with keep-alive connections (wrk cannot tell page views from writes in its latencies).
``--database-prefix ake_speed_s --reuse`` uses databases already loaded with the demo data.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BASE_DIR,
    BENCH_SECRET_KEY,
    django_env,
    ensure_database,
    gunicorn,
    manage,
    print_table,
    warm,
    wrk,
)


def page_urls(database_url: str) -> dict:
    script = (BASE_DIR / "bench" / "page_urls.py").read_text()
    # The session is signed with the server's key, so that the server accepts it.
    env = django_env(database_url, DJANGO_LOG_LEVEL="ERROR", DJANGO_SECRET_KEY=BENCH_SECRET_KEY)
    output = manage(env, "shell", "-c", script, capture=True)
    return json.loads(output.split("BENCH_JSON", 1)[1])


def busy_hour(base: str, urls: list[str], *, seconds: int, connections: int, write_every: int = 20) -> dict:
    """The busy-hour mix against a running server; latencies of page views and writes apart."""
    import http.client
    import itertools
    import threading
    import time
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    writes = ["/bench/write/registration", "/bench/write/booking"]
    counter = itertools.count()
    lock = threading.Lock()
    results: list[tuple[str, float, int]] = []
    stop = time.monotonic() + seconds

    def connect():
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def worker():
        connection = connect()
        own = []
        while time.monotonic() < stop:
            number = next(counter)
            if number % write_every == write_every - 1:
                kind, path = "write", writes[(number // write_every) % len(writes)]
            else:
                kind, path = "page", urls[number % len(urls)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = connect()
                status = 0
            own.append((kind, time.perf_counter() - started, status))
        connection.close()
        with lock:
            results.extend(own)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pages = sorted(latency for kind, latency, _status in results if kind == "page")
    writes_done = [latency for kind, latency, _status in results if kind == "write"]
    errors = sum(1 for _kind, _latency, status in results if not 200 <= status < 400)
    statuses: dict = {}
    for kind, _latency, status in results:
        statuses[(kind, status)] = statuses.get((kind, status), 0) + 1

    def percentile(values, share):
        return values[min(len(values) - 1, int(share * len(values)))] * 1000 if values else 0.0

    return {
        "page_rps": len(pages) / seconds,
        "p50": percentile(pages, 0.50),
        "p99": percentile(pages, 0.99),
        "writes": len(writes_done),
        "write_p50": percentile(sorted(writes_done), 0.50),
        "errors": errors,
        "statuses": {f"{kind} {status}": count for (kind, status), count in sorted(statuses.items())},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--busy-hour", type=int, default=0, help="seconds of the busy-hour mix (0: none)")
    parser.add_argument("--only-busy-hour", action="store_true", help="skip the per-page measurements")
    parser.add_argument("--database-prefix", default="ake_bench_s")
    parser.add_argument("--reuse", action="store_true", help="use the databases as they are (no demo load)")
    args = parser.parse_args()
    busy_rows = []

    static_root = Path(tempfile.mkdtemp(prefix="ake-bench-static-"))
    rows, query_rows = [], {}

    def measure(scale, name, label, url, headers, template_rps):
        warm(url, headers)
        figures = wrk(url, seconds=args.seconds, headers=headers, connections=args.connections)
        rows.append(
            [
                scale,
                name,
                label,
                f"{figures['rps']:.0f}",
                f"{figures['p50']:.1f}",
                f"{figures['p99']:.1f}",
                f"{figures['rps'] / template_rps:.2f}" if template_rps else "–",
                figures["errors"],
            ]
        )

    for scale in args.scales:
        database_url = ensure_database(f"{args.database_prefix}{scale}", scale, reload=not args.reuse)
        info = page_urls(database_url)
        cookie = {"Cookie": f"__Host-sessionid={info['session_key']}"}
        pages = {name: page for name, page in info["pages"].items() if "error" not in page}
        for name, page in info["pages"].items():
            if "error" in page:
                rows.append([scale, name, "", "–", "–", "–", page["error"][:40], ""])
            else:
                query_rows.setdefault(name, {})[scale] = (
                    page.get("anonymous_queries"),
                    page.get("logged_in_queries"),
                )
        if args.busy_hour:
            urls = [page["url"] for page in pages.values()]
            for label, extra_env in (
                ("every write retires every area (before)", {"AKE_BENCH_RETIRE_ALL": "true"}),
                ("a write retires its areas (now)", {}),
            ):
                with gunicorn(database_url, static_root=static_root, extra_env=extra_env) as (base, _env):
                    for url in urls:
                        warm(base + url)
                    found = busy_hour(base, urls, seconds=args.busy_hour, connections=args.connections)
                busy_rows.append(
                    [
                        scale,
                        label,
                        f"{found['page_rps']:.0f}",
                        f"{found['p50']:.1f}",
                        f"{found['p99']:.1f}",
                        found["writes"],
                        f"{found['write_p50']:.1f}",
                        found["errors"],
                    ]
                )
                print("# busy hour", scale, label, found, flush=True)
        if args.only_busy_hour:
            continue
        # Two servers: the production configuration, and the same with the anonymous page cache off,
        # which shows what rendering each page costs. Each has its floors measured beside it.
        for cache_label, extra_env in (("cached", {}), ("rendered", {"AKE_PAGE_CACHE": "false"})):
            with gunicorn(database_url, static_root=static_root, extra_env=extra_env) as (base, _env):
                template_url = base + "/bench/floor/template"
                warm(template_url)
                template_rps = wrk(template_url, seconds=args.seconds, connections=args.connections)["rps"]
                measure(
                    scale,
                    f"floor: 30 KB string ({cache_label} server)",
                    "",
                    base + "/bench/floor/string",
                    {},
                    template_rps,
                )
                measure(
                    scale, f"floor: 30 KB template ({cache_label} server)", "", template_url, {}, template_rps
                )
                for name, page in pages.items():
                    measure(scale, name, f"anonymous, {cache_label}", base + page["url"], {}, template_rps)
                    if cache_label == "rendered" and "logged_in_queries" in page:
                        measure(scale, name, "logged in", base + page["url"], cookie, template_rps)
    if busy_rows:
        print()
        print_table(
            [
                "scale",
                "busy hour (1 in 20 a write)",
                "page views/s",
                "p50 ms",
                "p99 ms",
                "writes",
                "write p50 ms",
                "errors",
            ],
            busy_rows,
        )
    print()
    print_table(
        ["scale", "page", "visitor", "req/s", "p50 ms", "p99 ms", "× template floor", "non-2xx"], rows
    )
    print()
    print_table(
        ["page"] + [f"queries at scale {s} (anon / logged in)" for s in args.scales],
        [
            [name] + [f"{q.get(s, ('–', '–'))[0]} / {q.get(s, ('–', '–'))[1] or '–'}" for s in args.scales]
            for name, q in query_rows.items()
        ],
    )


if __name__ == "__main__":
    main()
