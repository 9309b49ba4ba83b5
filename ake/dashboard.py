"""AKE's dashboard: the Wagtail admin home as the team's to-do list, most urgent first (issue #18).

Each app adds the panels of what it owns from its own ``wagtail_hooks.py`` (``construct_homepage_panels``),
so the dependency direction holds. A panel is a list of lines; each line says what is due and links
to where it is handled. The panels sort themselves by the most urgent line they hold (Wagtail sorts
the dashboard by ``order`` after every hook has run), so an overdue kit comes before a forecast and a
panel with nothing due goes to the end.

Budget: the admin home stays within 12 queries for an editor and 15 for an AKE admin (who also has
the forecast and the surveys panels), whatever the amount of data (tests/test_admin_budgets.py).
A panel reads its lines with one aggregate or windowed query (the shown rows carry the total), or
none (the forecast comes from the cache, reporting/forecast.py).
"""

import datetime
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

# How many rows a panel lists before "Show all"; the total is always shown.
LIMIT = 8


class Urgency(IntEnum):
    """Lower is more urgent. The numbers are Wagtail panel orders: its own moderation panel
    ("Awaiting your review", 110) sits among the decisions waiting."""

    OVERDUE = 10
    WAITING = 100
    THIS_WEEK = 150
    FORECAST = 400
    TRANSLATION = 500
    NOTHING_DUE = 900


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    urgency: Urgency
    detail: str = ""


def week_end(today: datetime.date) -> datetime.date:
    """Sunday of today's week: "this week" in the Finnish sense (Monday to Sunday)."""
    return today + datetime.timedelta(days=6 - today.weekday())


class DashboardPanel(Component):
    """A dashboard panel of lines; subclasses set ``name``, ``heading``, ``permission`` and ``get_lines``."""

    template_name = "ake/admin/dashboard_panel.html"
    name = ""
    heading = ""
    permission = ""
    rank = 0  # among panels of the same urgency
    empty_text = _("Nothing waiting.")
    more_label = _("Show all")

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return not self.permission or self.request.user.has_perm(self.permission)

    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_lines(self) -> list[Line]:
        raise NotImplementedError

    def more_url(self) -> str:
        return ""

    def total(self) -> int | None:
        """How many items in all (None: the lines are all). A panel that reads its rows with
        ``windowed`` sets ``self._total`` in ``get_lines``."""
        self.lines  # noqa: B018 - the rows (and their total) are read once, with the lines
        return getattr(self, "_total", None)

    @cached_property
    def lines(self) -> list[Line]:
        return self.get_lines() if self.is_shown() else []

    @property
    def order(self) -> int:
        if not self.lines:
            return Urgency.NOTHING_DUE + self.rank
        return min(line.urgency for line in self.lines) + self.rank

    def get_context_data(self, parent_context=None):
        total = self.total()
        return {
            "panel": self,
            "lines": self.lines,
            "total": total,
            "more_url": self.more_url() if total is not None and total > len(self.lines) else "",
        }

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


def windowed(queryset, limit: int = LIMIT) -> tuple[list, int]:
    """The first ``limit`` rows and the total count, in one query: each row carries the count of
    all rows (a window over the whole filtered set), so a long list costs no second query."""
    from django.db.models import Count, Window

    rows = list(queryset.annotate(dashboard_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].dashboard_total if rows else 0)


def rows_together(parts, columns) -> list[list[tuple]]:
    """The rows of several querysets in one query (UNION ALL), per part, as tuples of ``columns``.

    Each part is a queryset of ``.values(*columns)`` where every column is an annotation (so that the
    SQL names it by its alias), of the same types in every part; it may be sliced: its LIMIT stays in
    its own parenthesised part. The columns are picked by name from each part, because
    django-modeltranslation's querysets reorder the columns of values() and values_list(). The order
    of rows within a part is not kept: sort them again.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    sql_parts, params = [], []
    for index, queryset in enumerate(parts):
        missing = [name for name in columns if name not in queryset.query.annotations]
        if missing:
            raise ValueError(f"rows_together picks annotations by their alias; not annotations: {missing}")
        sql, part_params = queryset.query.sql_with_params()
        picked = ", ".join(f"part_rows.{quote(name)}" for name in columns)
        sql_parts.append(f"(SELECT {index} AS part, {picked} FROM ({sql}) AS part_rows)")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql_parts), params)
        found = cursor.fetchall()
    rows: list[list[tuple]] = [[] for _part in parts]
    for part, *row in found:
        rows[part].append(tuple(row))
    return rows


def in_language(path: str):
    """The text at ``path`` (``"kit__name"``) in the active language, falling back to Finnish as
    django-modeltranslation does (ake/languages.py), as a database expression for ``values_list``."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Coalesce, NullIf

    from .languages import active_language, fallback_chain

    chain = fallback_chain(active_language())
    if len(chain) == 1:
        return F(f"{path}_{chain[0]}")
    return Coalesce(*(NullIf(F(f"{path}_{code}"), Value("")) for code in chain), output_field=CharField())
