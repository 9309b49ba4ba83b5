"""Small server-rendered SVG charts (no JavaScript): cumulative monthly progress against the target."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WIDTH, HEIGHT = 360, 140
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 10, 22


def _month_names() -> list[str]:
    return [
        _("Jan"),
        _("Feb"),
        _("Mar"),
        _("Apr"),
        # The abbreviation (the plain "May" is the month's full name in Django's catalogs).
        pgettext("abbrev. month", "May"),
        _("Jun"),
        _("Jul"),
        _("Aug"),
        _("Sep"),
        _("Oct"),
        _("Nov"),
        _("Dec"),
    ]


def monthly_chart_svg(
    cumulative: list[int], *, title: str, target: Decimal | None = None, last_month: int = 12
) -> SafeString:
    """Bars of the cumulative count at each month's end; a dashed line at the target.

    The text alternative lists every month's figure, so the chart carries nothing a screen reader
    misses.
    """
    months = _month_names()
    shown = cumulative[:last_month]
    top_value = max([*shown, int(target or 0), 1])
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / 12
    bars = []
    for index, count in enumerate(shown):
        height = plot_height * count / top_value
        x = LEFT + index * slot + slot * 0.15
        y = TOP + plot_height - height
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" fill="#1f4e79"/>'
        )
    labels = [
        f'<text x="{LEFT + index * slot + slot / 2:.1f}" y="{HEIGHT - 6}" font-size="9" '
        f'text-anchor="middle" fill="#1b1f24">{escape(month[:1])}</text>'
        for index, month in enumerate(months)
    ]
    axis = (
        f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_height}" '
        f'stroke="#4a5361"/>'
        f'<text x="{LEFT - 4}" y="{TOP + 8}" font-size="9" text-anchor="end" '
        f'fill="#1b1f24">{top_value}</text>'
        f'<text x="{LEFT - 4}" y="{TOP + plot_height}" font-size="9" text-anchor="end" '
        f'fill="#1b1f24">0</text>'
    )
    target_line = ""
    if target:
        y = TOP + plot_height - plot_height * float(target) / top_value
        target_line = (
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#8a3b12" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    summary = ", ".join(f"{months[index]} {count}" for index, count in enumerate(shown))
    description = summary
    if target:
        description += "; " + _("target %(target)s") % {"target": target.normalize()}
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or numeric
        f'<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}: {escape(description)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f"{axis}{''.join(bars)}{target_line}{''.join(labels)}</svg>"
    )
