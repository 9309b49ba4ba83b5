"""Floors for bench/pages.py: what this machine serves with (almost) no application work.

Mounted only when AKE_BENCH_FLOORS is set, so production never exposes them.
"""

from django.http import HttpResponse
from django.shortcuts import render

THIRTY_KB = ("<p>" + "x" * 96 + "</p>\n") * 300


def floor_string(request):
    return HttpResponse(THIRTY_KB)


def floor_template(request):
    items = [{"title": f"Item {n}", "text": "y" * 1400} for n in range(20)]
    return render(request, "bench/floor.html", {"items": items})
