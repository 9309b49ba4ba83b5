"""Model fields shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from ake.sanitize import clean_rich_text_source


class SanitizedRichTextField(RichTextField):
    """A RichTextField whose stored HTML is cleaned and well-formed, whoever wrote it.

    Code, imports and the ORM can store any HTML in a RichTextField; Wagtail's editor then fails on
    unbalanced tags (500 on the edit view) and ``|richtext`` would render scripts as they are.
    """

    def from_db_value(self, value, expression, connection):
        return clean_rich_text_source(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean_rich_text_source(value) if value else value


class TextLanguageField(models.CharField):
    """The language a person wrote a record's free text in (a library visit's summary, the reason an
    interlibrary loan was not supplied, …). Such text is read as written, not translated; the field
    lets a Swedish or English page mark it with ``lang`` when it is in another language (WCAG 3.1.2).

    New records take the writer's profile language at the time of writing (``ake.languages.
    writer_language``); rows from before the field are Finnish (the default, filled in by AddField).
    A model names which of its texts each such field covers in ``written_in`` (text field → this
    field), which ``ake.languages.fallback_lang`` reads.
    """

    def __init__(self, verbose_name=None, **kwargs):
        kwargs["verbose_name"] = verbose_name or kwargs.get("verbose_name") or _("language of the text")
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("choices", settings.LANGUAGES)
        kwargs.setdefault("default", "fi")
        super().__init__(**kwargs)

    def formfield(self, **kwargs):
        # "Suomi" on a Swedish form is Finnish: each option says its language (WCAG 3.1.2).
        from ake.languages import LanguageSelect

        kwargs.setdefault("widget", LanguageSelect)
        return super().formfield(**kwargs)
