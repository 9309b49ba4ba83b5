"""The first search of a word in a process: CPU milliseconds and queries per search, Finnish and Swedish.

    python bench/profile_search.py --database ake_speed_s10 [--profile]

In one process with production settings (anonymous page cache off, as profile_pages.py), after a
few searches of other words to warm the process, each word below is searched once, anonymously,
in its language: a search not seen before, so its results are not kept (extranet/views.py keeps a
repeated search's results per language, query and minute). Prints each search's CPU ms and
queries, then the median per language; then each word is searched again (a repeated search, its
results kept) with the same figures. ``--profile`` adds a cProfile of all the first searches.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ensure_database  # noqa: E402
from profile_pages import configure  # noqa: E402

WORDS = {
    "fi": [
        "koulutus",
        "kirjasto",
        "lukeminen",
        "pelit",
        "saavutettavuus",
        "lapset",
        "nuoret",
        "verkkokurssi",
        "kokous",
        "aineisto",
        "lukupiiri",
        "digituki",
    ],
    "sv": [
        "utbildning",
        "bibliotek",
        "läsning",
        "spel",
        "tillgänglighet",
        "barn",
        "unga",
        "möte",
        "material",
        "läsecirkel",
        "digistöd",
        "kurs",
    ],
}
WARM_UP = {"fi": ["tapahtuma", "kirja"], "sv": ["evenemang", "bok"]}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()

    database_url = ensure_database(args.database, 1, reload=False)
    configure(database_url, Path(tempfile.gettempdir()) / "ake-profile-static")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    client = Client()
    urls = {}
    for language in WORDS:
        with translation.override(language):
            urls[language] = reverse("extranet:search")
    for language, words in WARM_UP.items():
        for word in words:
            client.get(urls[language], {"q": word})
    profiler = cProfile.Profile() if args.profile else None
    figures = {}
    for rounds in ("first", "repeated"):
        for language, words in WORDS.items():
            for word in words:
                queries = []

                def record(execute, sql, params, many, context, queries=queries):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(record):
                    cpu = time.process_time()
                    if profiler and rounds == "first":
                        profiler.enable()
                    status = client.get(urls[language], {"q": word}).status_code
                    if profiler and rounds == "first":
                        profiler.disable()
                    cpu = (time.process_time() - cpu) * 1000
                figures.setdefault((rounds, language), []).append((cpu, len(queries)))
                print(
                    f"{rounds:<8} {language} {word:<16} status {status} queries {len(queries):>2} "
                    f"cpu {cpu:6.1f} ms"
                )
                if args.queries:
                    for sql in queries:
                        print("    ", sql[:400])
    for (rounds, language), values in figures.items():
        cpus, counts = [cpu for cpu, _count in values], [count for _cpu, count in values]
        print(
            f"{rounds} {language}: median {statistics.median(cpus):.1f} ms, best {min(cpus):.1f} ms CPU, "
            f"{min(counts)}–{max(counts)} queries"
        )
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("NSTAT", "50"))
        )
        print(stream.getvalue())


if __name__ == "__main__":
    main()
