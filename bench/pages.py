#!/usr/bin/env python
"""Pages per second and latency under 16 concurrent connections, at scale 1 and scale 10.

    .venv/bin/python bench/pages.py [--seconds 10] [--scales 1 10]

For each scale it builds (once) a database with that scale's demo data, serves it with gunicorn
(2 sync workers, production settings, DEBUG off) on loopback and measures every page type with
wrk, side by side with two floors measured in the same run: a bare view returning a fixed 30 KB
string, and a view rendering a 30 KB template with a 20-item loop. Each page is reported as a ratio
to the template floor, which holds on a noisy machine better than absolute figures. It also prints
the SQL queries each page takes at each scale.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()

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
        database_url = ensure_database(f"ake_bench_s{scale}", scale)
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
