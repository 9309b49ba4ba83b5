"""Languages of model texts: one place for the languages, the fallback rule and the editors' panels.

Model texts are translated with django-modeltranslation: an app registers its models' user-visible
fields in `<app>/translation.py`; each registered field `x` then has the columns `x_fi`, `x_sv` and
`x_en`, and reading `obj.x` gives the active language's text, falling back by
`settings.AKE_LANGUAGE_FALLBACKS` (sv → fi, en → fi). Finnish is required, Swedish and English optional.

    # <app>/translation.py
    from modeltranslation.translator import register
    from ake.languages import TranslationOptions

    @register(Kit)
    class KitTranslation(TranslationOptions):
        fields = ("name", "description")

    # <app>/models.py, in the Wagtail panels
    panels = [*translated_panels("name", "description"), FieldPanel("slug")]

Mails and calendars are written in the recipient's language with `django.utils.translation.override`
(`recipient_language(user)`); the same fallback applies inside.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.translator import TranslationOptions as _TranslationOptions
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = "fi"
#: The languages every model text has, in the order editors see them.
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


class TranslationOptions(_TranslationOptions):
    """Finnish is required wherever the original field is required; Swedish and English never are."""

    required_languages = (DEFAULT_LANGUAGE,)


def _keep_default_ordering_implicit() -> None:
    """modeltranslation issue #559: its querysets turn a model's Meta.ordering into an explicit
    order_by so that they can rewrite a translated field in it; Django then adds the ordering columns
    to GROUP BY, and `Event.objects.values("kind").annotate(Count("pk"))` counts every row apart.
    Our Meta.orderings never name a translated field by its plain name (they say `name_fi`), so the
    ordering stays Django's implicit one (left out of GROUP BY) unless a rewrite is really needed."""
    from modeltranslation.manager import MultilingualQuerySet, rewrite_order_lookup_key

    def _post_init(self) -> None:
        self._rewrite = True
        self._populate = None
        query = self.query
        if self.model and query.default_ordering and not query.order_by and self.model._meta.ordering:
            ordering = [rewrite_order_lookup_key(self.model, key) for key in self.model._meta.ordering]
            if ordering != list(self.model._meta.ordering):
                self.query.add_ordering(*ordering)

    MultilingualQuerySet._post_init = _post_init


_keep_default_ordering_implicit()


def normalise(language: str | None) -> str:
    """'sv-fi' → 'sv'; anything unknown → Finnish."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def active_language() -> str:
    return normalise(get_language())


def fallback_chain(language: str | None = None) -> tuple[str, ...]:
    """The languages a text is looked up in, in order: the language itself, then its fallbacks."""
    language = normalise(language) if language else active_language()
    fallbacks = settings.AKE_LANGUAGE_FALLBACKS
    chain = [language, *fallbacks.get(language, fallbacks["default"])]
    return tuple(dict.fromkeys(chain))


def localized_field(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


def translated_fields(model) -> tuple[str, ...]:
    """The registered (translatable) fields of a model or instance, () when it has none."""
    model = model if isinstance(model, type) else type(model)
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def translated_models() -> list:
    return list(translator.get_registered_models(abstract=False))


def text(obj, field: str, language: str | None = None) -> str:
    """`obj.field` in the given language (default: the active one), falling back by the one rule."""
    for code in fallback_chain(language):
        value = getattr(obj, localized_field(field, code), None)
        if value:
            return value
    return ""


def shown_language(obj, field: str, language: str | None = None) -> str:
    """The language of the text `text(obj, field, language)` gives: the language itself or the
    fallback that had a value ('' when the text is empty in every language)."""
    for code in fallback_chain(language):
        if getattr(obj, localized_field(field, code), None):
            return code
    return ""


def fallback_lang(obj, field: str, language: str | None = None) -> str:
    """The code for a ``lang`` attribute around `obj.field` when the text shown is another language's
    (an untranslated text falling back to Finnish, WCAG 3.1.2), else ''.

    A free text that is not translated but written in one language (a model's ``written_in`` names
    its `ake.fields.TextLanguageField`) gives the language it was written in."""
    language = normalise(language) if language else active_language()
    language_field = getattr(obj, "written_in", {}).get(field)
    if language_field:
        # A text read as written (not translated): the language it was written in.
        shown = getattr(obj, language_field, "") if getattr(obj, field, "") else ""
    else:
        shown = shown_language(obj, field, language)
    return shown if shown and shown != language else ""


def has_text(obj, field: str, language: str) -> bool:
    value = getattr(obj, localized_field(field, language), None)
    return bool(value and str(value).strip())


def missing_languages(obj, fields: Iterable[str] | None = None) -> list[str]:
    """The languages in which some of `obj`'s texts are missing (a text empty in every language counts
    for none). A record marked Finnish-only (`finnish_only = True`) misses only Finnish, if that."""
    fields = tuple(fields) if fields is not None else translated_fields(obj)
    missing = set()
    for field in fields:
        # Each text read once (listings call this for every row).
        have = [has_text(obj, field, code) for code in LANGUAGES]
        if any(have):
            missing.update(code for code, present in zip(LANGUAGES, have, strict=True) if not present)
    codes = (DEFAULT_LANGUAGE,) if getattr(obj, "finnish_only", False) else LANGUAGES
    return [code for code in codes if code in missing]


def profile_language(person) -> str:
    """A person's chosen language, else Finnish: the language we write to them in
    (``recipient_language``) and the language a free text they write is taken to be in
    (``writer_language``, `TextLanguageField`'s value for a new text)."""
    return normalise(getattr(person, "language", None))


# One rule under the two names the callers read by.
recipient_language = writer_language = profile_language


def translated_field_names(*fields: str) -> list[str]:
    """`name_fi, name_sv, name_en, …` for the `form_fields` of a Wagtail ModelViewSet."""
    return [localized_field(field, code) for field in fields for code in LANGUAGES]


def translated_panels(*fields: str, heading_of: dict | None = None, stacked: bool = False) -> list:
    """Wagtail panels: each translated field as one row with its Finnish, Swedish and English side by side
    (`stacked=True`: one under another, for rich text). Each panel is labelled "name [fi]" and so on.

    `heading_of` may name a row (field → label).
    """
    from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

    heading_of = heading_of or {}
    group = MultiFieldPanel if stacked else FieldRowPanel
    return [
        group(
            [FieldPanel(localized_field(field, code)) for code in LANGUAGES],
            heading=heading_of.get(field, ""),
        )
        for field in fields
    ]


def missing_languages_column():
    """A column for Wagtail listings (`list_display`): which languages the record still lacks."""
    from wagtail.admin.ui.tables import Column

    def missing(obj):
        codes = missing_languages(obj)
        return ", ".join(str(LANGUAGE_NAMES[code]) for code in codes) if codes else "—"

    return Column("missing_languages", label=_("Missing languages"), accessor=missing)


class LanguageSelect(forms.Select):
    """A select of languages named in their own language ("Suomi", "Svenska", "English"), each option
    marked with its language (``lang``) as WCAG 3.1.2 asks: on the English page "Suomi" is Finnish."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = normalise(str(value))
        return option


def written_text_create_view():
    """A Wagtail create view whose form starts every `TextLanguageField` at the writer's profile
    language (the one writing is the one signed in); the writer may change it before saving."""
    from wagtail.admin.views import generic

    from ake.fields import TextLanguageField

    class WrittenTextCreateView(generic.CreateView):
        def get_initial_form_instance(self):
            instance = super().get_initial_form_instance() or self.model()
            for field in self.model._meta.concrete_fields:
                if isinstance(field, TextLanguageField):
                    setattr(instance, field.attname, writer_language(self.request.user))
            return instance

    return WrittenTextCreateView


def _written_column(column_class):
    """`column_class` whose cell marks a free text read as written (the model's ``written_in``) with
    ``lang`` where it is in another language than the page's: on the title's link, or on the cell."""
    from wagtail.admin.ui.tables import TitleColumn

    if issubclass(column_class, TitleColumn):

        class WrittenTitleColumn(column_class):
            def get_link_attrs(self, instance, parent_context):
                attrs = super().get_link_attrs(instance, parent_context)
                lang = fallback_lang(instance, self.name)
                return {**attrs, "lang": lang} if lang else attrs

        return WrittenTitleColumn

    class WrittenColumn(column_class):
        cell_template_name = "ake/tables/written_cell.html"

        def get_cell_context_data(self, instance, parent_context):
            context = super().get_cell_context_data(instance, parent_context)
            context["lang"] = fallback_lang(instance, self.name)
            return context

    return WrittenColumn


def written_text_index_view(base=None):
    """A Wagtail index view (`base`, default the generic one) whose columns of free texts read as
    written (the model's ``written_in``: a training wish, a rotation wish's timing) mark each text with
    ``lang`` where it is not in the page's language (WCAG 3.1.2), as the records' own pages do."""
    from wagtail.admin.ui.tables import Column
    from wagtail.admin.views import generic

    class WrittenTextIndexView(base or generic.IndexView):
        def _get_custom_column(self, field_name, column_class=Column, **kwargs):
            if field_name in getattr(self.model, "written_in", {}):
                column_class = _written_column(column_class)
            return super()._get_custom_column(field_name, column_class, **kwargs)

    return WrittenTextIndexView


def written_text_inspect_view(base=None):
    """A Wagtail inspect view that marks the record's free texts read as written with ``lang`` where
    they are not in the page's language."""
    from django.utils.html import format_html
    from wagtail.admin.views import generic

    class WrittenTextInspectView(base or generic.InspectView):
        def get_field_display_value(self, field_name, field):
            value = super().get_field_display_value(field_name, field)
            lang = (
                fallback_lang(self.object, field_name)
                if field_name in getattr(self.model, "written_in", {})
                else ""
            )
            return format_html('<span lang="{}">{}</span>', lang, value) if lang else value

    return WrittenTextInspectView


def written_texts(obj, *fields: str) -> list[tuple[str, str]]:
    """``(text, language)`` of a record's free texts read as written (its ``written_in``), for
    `mark_quoted_languages`; a field the record does not keep the language of is left out."""
    written_in = getattr(obj, "written_in", {})
    return [
        (str(getattr(obj, field, "") or ""), getattr(obj, written_in[field], "") or "")
        for field in fields
        if field in written_in
    ]


def _quoted_html(body: str, marks: list[tuple[str, str]]) -> str:
    """The plain-text body as HTML paragraphs, each quoted text in ``<span lang>``. The quotes are
    cut out first (a placeholder each), so that escaping and line breaking cannot split them."""
    import html
    import re

    spans = {}
    for number, (quoted, language) in enumerate(marks):
        token = f"\x00{number}\x00"
        body = body.replace(quoted, token)
        spans[token] = f'<span lang="{language}">{html.escape(quoted).replace(chr(10), "<br>")}</span>'
    paragraphs = re.split(r"\n\s*\n", html.escape(body.replace("\r\n", "\n")).strip())
    result = "\n".join(f"<p>{paragraph.replace(chr(10), '<br>')}</p>" for paragraph in paragraphs)
    for token, span in spans.items():
        result = result.replace(token, span)
    return result


def mark_quoted_languages(message, quotes: Iterable[tuple[str, str]], language: str | None = None):
    """A mail quoting free text written in another language than the mail's own (a Finnish refusal
    reason in a Swedish mail) gets an HTML part that marks each such quote with ``lang`` (WCAG 3.1.2),
    beside its unchanged plain-text part, which has no way to mark a language within it. A mail
    whose quotes are all in its own language is returned as it is, text only.

    `quotes` are ``(text, language)`` pairs (`written_texts`); `language` is the mail's language
    (default: the active one, as the mails are rendered under ``translation.override``)."""
    from django.core.mail import EmailMultiAlternatives

    language = normalise(language) if language else active_language()
    body = message.body
    marks = [
        (quoted.strip(), normalise(written))
        for quoted, written in quotes
        if quoted and quoted.strip() and written and normalise(written) != language and quoted.strip() in body
    ]
    if not marks:
        return message
    marked = EmailMultiAlternatives(
        subject=message.subject,
        body=body,
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        bcc=message.bcc,
        reply_to=message.reply_to,
        headers=message.extra_headers,
        attachments=message.attachments,
    )
    page = f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n'
    marked.attach_alternative(page + _quoted_html(body, marks) + "\n</body></html>\n", "text/html")
    return marked
