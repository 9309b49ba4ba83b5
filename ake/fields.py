"""Model fields shared by the apps."""

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
