"""Admin listings whose rows cost string work, not a dozen template renders each (issue #20).

Wagtail renders every row of a generic listing through its component templates: each cell through
``wagtailadmin/tables/cell.html``, the title cell with its link attributes and its action list, and
the row's "More options" dropdown with every item as a button template holding an icon template.
For the events' ten actions that was about 35 template renders and a dozen ``reverse()`` calls per
row, 1 750 renders for a page of 50 events: most of the listing's time. ``FastRowsMixin`` keeps the
same HTML and every action while:

- where every row offers the same actions, linked by the row's pk (``rows_share_buttons``), the
  buttons and the dropdown are built and rendered through Wagtail's own code and templates once per
  listing, for a stand-in row whose pk and ``str()`` are markers; each row gets that markup with
  its own pk and escaped title put in (building them per row was 1 600 ``gettext`` calls and a
  sort of the eleven items for each of 50 rows);
- plain cells and the title cell are written in Python with the markup of their templates (only
  for columns that use Wagtail's own ``cell.html`` / ``title_cell.html``: any other column keeps
  its template), and so are the rows when every column is (templates/ake/admin/table.html); a
  choice field's label comes from a table of its choices made once per listing;
- a row's links come from a template of each URL reversed once per listing (as Wagtail's reorder
  URL does), and the permission checks behind the edit, copy, inspect and delete links are made
  once per listing rather than once per row.
"""

import copy
import inspect
import re
from functools import partialmethod

from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import BaseColumn, Column, Table, TitleColumn

# A pk that no row has, reversed once and replaced by each row's own (Wagtail's reorder URL does so).
_PK_SENTINEL = "999999999987"
_CELL_TEMPLATE = "wagtailadmin/tables/cell.html"
_TITLE_CELL_TEMPLATE = "wagtailadmin/tables/title_cell.html"


# What a listing whose rows share their buttons builds them from, once: a row whose pk and str()
# are markers; each row's buttons are that markup with its own pk and str() put in.
_TITLE_MARKER = "__ake_row_title__"
_ROW_VALUE = re.compile(f"({_PK_SENTINEL}|{_TITLE_MARKER})")


class _RowStandIn:
    def __init__(self, model):
        self._meta = model._meta
        self.pk = self.id = _PK_SENTINEL

    def __str__(self):
        return _TITLE_MARKER


class SharedRowButton:
    """One row's copy of a button of the listing's shared buttons (`FastRowsMixin.rows_share_buttons`):
    the button is rendered once per listing and each row's pk and title are put into its markup."""

    def __init__(self, shared: dict, index: int, button, pk, title: str):
        self.shared, self.index, self.button = shared, index, button
        self.show = button.show
        self.values = {_PK_SENTINEL: escape(str(quote(pk))), _TITLE_MARKER: escape(title)}

    def __lt__(self, other):  # ButtonsColumnMixin sorts them: keep the stand-in's sorted order
        return self.index < other.index

    def render_html(self, parent_context=None):
        parts = self.shared.get(self.index)
        if parts is None:
            # The markup cut at its markers: text, marker, text, … (re.split keeps the markers).
            html = str(self.button.render_html(parent_context))
            parts = self.shared[self.index] = _ROW_VALUE.split(html)
        values = self.values
        return mark_safe(  # noqa: S308 - the markup is Wagtail's, the values are escaped
            "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts))
        )


def _attrs_html(attrs: dict) -> str:
    """wagtailadmin/shared/attrs.html in Python."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"')
    return "".join(parts)


def _cell_value(value, context: Context) -> str:
    return "" if value is None else render_value_in_context(value, context)


def _plain_cell(column, context: Context, instance, parent_context) -> str:
    """wagtailadmin/tables/cell.html in Python."""
    value = column.get_cell_context_data(instance, parent_context)["value"]
    classname = format_html(' class="{}"', column.classname) if column.classname else ""
    return mark_safe(f"<td{classname}>{_cell_value(value, context)}</td>")  # noqa: S308 - escaped


def _title_cell(column, context: Context, instance, parent_context) -> str:
    """wagtailadmin/tables/title_cell.html in Python (its buttons still render as components)."""
    data = column.get_cell_context_data(instance, parent_context)
    title = _cell_value(data["value"], context)
    if data.get("title_id"):
        title = format_html('<span id="{}">{}</span>', data["title_id"], mark_safe(title))  # noqa: S308
    if data.get("link_url"):
        title = f"<a{_attrs_html(data['link_attrs'])}>{title}</a>"
    elif data.get("label_id"):
        title = format_html('<label for="{}">{}</label>', data["label_id"], mark_safe(title))  # noqa: S308
    classname = f"{escape(column.classname)} title" if column.classname else "title"
    buttons = "".join(
        f"<li>{button.render_html(parent_context)}</li>"
        for button in data.get("buttons") or ()
        if button.show
    )
    actions = f'<ul class="actions">{buttons}</ul>' if data.get("buttons") else ""
    return mark_safe(  # noqa: S308 - every part escaped above
        f'<td class="{classname}"><div class="title-wrapper">{title}</div>{actions}</td>'
    )


def _renders_with(column, template_name) -> bool:
    return (
        type(column).render_cell_html is BaseColumn.render_cell_html
        and column.cell_template_name == template_name
    )


_TABLE_TEMPLATE = "wagtailadmin/tables/table.html"


def _table_context(table, parent_context) -> dict:
    """Table.get_context_data, and the rows of wagtailadmin/tables/table.html written in Python."""
    context = Table.get_context_data(table, parent_context)
    request = context.get("request")
    rows = []
    for row in table.rows:
        cell_context = {"row": row, "table": table, "request": request}
        cells = "".join(str(row[name].render_html(cell_context)) for name in row)
        rows.append(f"<tr{_attrs_html(row.attrs)}>{cells}</tr>")
    context["rows_html"] = mark_safe("".join(rows))  # noqa: S308 - cells and attributes escaped
    return context


class FastRowsMixin:
    """For a generic IndexView (wagtail.admin.views.generic.IndexView): see the module's text."""

    def get_table(self, object_list):
        table = super().get_table(object_list)
        # Only Wagtail's own table whose every column is written in Python (rows of other tables
        # and columns keep their templates).
        fast = all(getattr(column, "ake_fast_cell", False) for column in self.columns)
        if (
            fast
            and table.template_name == _TABLE_TEMPLATE
            and type(table).get_context_data is Table.get_context_data
        ):
            table.template_name = "ake/admin/table.html"
            table.get_context_data = lambda parent_context: _table_context(table, parent_context)
        return table

    @cached_property
    def columns(self):
        context = Context()  # for localizing and escaping values as a template does
        columns = []
        for column in super().columns:
            render = None
            if isinstance(column, TitleColumn) and _renders_with(column, _TITLE_CELL_TEMPLATE):
                render = _title_cell
            elif isinstance(column, Column) and _renders_with(column, _CELL_TEMPLATE):
                render = _plain_cell
            if render is not None:
                column = copy.copy(column)  # list_display may hold a column shared by every request
                column.accessor = self._choice_label_accessor(column.accessor) or column.accessor

                def render_cell_html(instance, parent_context, column=column, render=render):
                    return render(column, context, instance, parent_context)

                column.render_cell_html = render_cell_html
                column.ake_fast_cell = True
            columns.append(column)
        return columns

    def _choice_label_accessor(self, accessor):
        """For Django's own ``get_FOO_display`` of a field with choices: the same label from a table
        of the choices made once per listing (Django builds that table anew for each call)."""
        found = re.fullmatch(r"get_(\w+)_display", accessor) if isinstance(accessor, str) else None
        if found is None:
            return None
        name = found.group(1)
        if not isinstance(inspect.getattr_static(self.model, accessor, None), partialmethod):
            return None  # the model's own method, or none
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        labels = dict(make_hashable(field.flatchoices))
        attname = field.attname

        def choice_label(instance):
            value = getattr(instance, attname)
            return force_str(labels.get(make_hashable(value), value), strings_only=True)

        return choice_label

    def row_url(self, url_name: str, pk=None) -> str:
        """reverse(url_name, args=[pk]) (or without arguments when pk is None), from a template
        reversed once per listing."""
        templates = self.__dict__.setdefault("_row_url_templates", {})
        key = (url_name, pk is None)
        parts = templates.get(key)
        if parts is None:
            if pk is None:
                parts = templates[key] = [reverse(url_name)]
            else:
                parts = templates[key] = reverse(url_name, args=[_PK_SENTINEL]).split(_PK_SENTINEL)
        return parts[0] if pk is None else str(quote(pk)).join(parts)

    def _allowed(self, *permissions) -> bool:
        allowed = self.__dict__.setdefault("_row_permissions", {})
        if permissions not in allowed:
            allowed[permissions] = self.user_has_any_permission(set(permissions))
        return allowed[permissions]

    def get_edit_url(self, instance):
        if self.edit_url_name and self._allowed("change"):
            return self.row_url(self.edit_url_name, instance.pk)

    def get_copy_url(self, instance):
        if self.copy_url_name and self._allowed("add"):
            return self.row_url(self.copy_url_name, instance.pk)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self._allowed("add", "change", "delete", "view"):
            return self.row_url(self.inspect_url_name, instance.pk)

    def get_delete_url(self, instance):
        if self.delete_url_name and self._allowed("delete"):
            return self.row_url(self.delete_url_name, instance.pk)

    # A view sets this when its rows' buttons differ only by the row's pk and str() (their links and
    # the menu's label), as the event listing's do: they are then built and rendered once per listing.
    rows_share_buttons = False

    def get_list_buttons(self, instance):
        if self.rows_share_buttons:
            shared = self.__dict__.get("_shared_row_buttons")
            if shared is None:
                buttons = sorted(super().get_list_buttons(_RowStandIn(self.model)))
                shared = self._shared_row_buttons = (buttons, {})
            buttons, rendered = shared
            title = str(instance)
            return [
                SharedRowButton(rendered, index, button, instance.pk, title)
                for index, button in enumerate(buttons)
            ]
        return super().get_list_buttons(instance)
