"""Horizontal bar charts of a question's answers, server-rendered SVG like the report's
(reporting/charts.py): no script, a title and a description that carry every figure."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 420
ROW = 20
LABEL_WIDTH = 170
RIGHT = 60


def _short(text: str, limit: int = 28) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars_svg(rows: list[tuple[str, int]], *, title: str, total: int) -> SafeString:
    """One bar per (label, count), its length the share of ``total``; the count and share beside it."""
    height = ROW * len(rows) + 8
    plot = WIDTH - LABEL_WIDTH - RIGHT
    parts = []
    for index, (label, count) in enumerate(rows):
        share = count / total if total else 0
        y = 4 + index * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" font-size="11" text-anchor="end" '
            f'fill="#1b1f24">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{plot * share:.1f}" height="{ROW - 6}" '
            f'fill="#1f4e79"/>'
            f'<text x="{LABEL_WIDTH + plot * share + 4:.1f}" y="{y + 13}" font-size="11" '
            f'fill="#1b1f24">{count} ({round(share * 100)} %)</text>'
        )
    description = "; ".join(
        f"{label}: {count} ({round(count / total * 100) if total else 0} %)" for label, count in rows
    )
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or numeric
        f'<svg class="report-chart survey-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(title)}: {escape(description)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{''.join(parts)}</svg>"
    )


def means_svg(rows: list[tuple[str, float | None]], *, title: str) -> SafeString:
    """One bar per (label, mean on 1–5), its length the mean of five; the mean written beside it."""
    height = ROW * len(rows) + 8
    plot = WIDTH - LABEL_WIDTH - RIGHT
    parts = []
    for index, (label, mean) in enumerate(rows):
        y = 4 + index * ROW
        width = plot * (mean or 0) / 5
        shown = "–" if mean is None else f"{mean:.2f}".replace(".", ",")
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" font-size="11" text-anchor="end" '
            f'fill="#1b1f24">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" fill="#1f4e79"/>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 13}" font-size="11" '
            f'fill="#1b1f24">{shown}</text>'
        )
    description = "; ".join(f"{label}: {'–' if mean is None else mean}" for label, mean in rows)
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or numeric
        f'<svg class="report-chart survey-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(title)}: {escape(description)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{''.join(parts)}</svg>"
    )
