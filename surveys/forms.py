"""The answering form, built from a survey's questions in the visitor's language."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _

from networks.models import Library

from .models import NO, YES, Question, QuestionKind

TEXT_LIMIT = 4000


@dataclass
class Item:
    """One question as the template draws it: its bound fields and how to group them."""

    question: Question
    fields: list = field(default_factory=list)  # BoundFields; a matrix has one per row
    rows: list = field(default_factory=list)  # (row label, BoundField) of a matrix
    condition: str = ""  # "Answer if you answered … to …", for visitors without JavaScript
    condition_name: str = ""
    condition_value: str = ""


@dataclass
class Section:
    question: Question | None
    items: list = field(default_factory=list)


def scale_choices(question: Question, language: str) -> list[tuple[int, str]]:
    low = question.label("scale_low", language)
    high = question.label("scale_high", language)
    choices = []
    for value in range(1, 6):
        label = str(value)
        if value == 1 and low:
            label = f"1 – {low}"
        elif value == 5 and high:
            label = f"5 – {high}"
        choices.append((value, label))
    return choices


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions: list[Question], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.language = language
        self.by_key = {q.key: q for q in questions}
        for question in questions:
            self._add_fields(question)

    @staticmethod
    def name(question: Question, row: int = 0) -> str:
        return f"q_{question.key}" + (f"_{row}" if row else "")

    def _add_fields(self, q: Question) -> None:
        language = self.language
        label = q.label("text", language)
        help_text = q.label("help_text", language)
        # Requiredness is checked in clean(): a question hidden by its condition needs no answer.
        common = {"label": label, "help_text": help_text, "required": False}
        if q.kind == QuestionKind.SECTION:
            return
        if q.kind == QuestionKind.SCALE:
            field = forms.TypedChoiceField(
                choices=scale_choices(q, language),
                coerce=int,
                widget=forms.RadioSelect,
                empty_value=None,
                **common,
            )
        elif q.kind == QuestionKind.SINGLE:
            field = forms.TypedChoiceField(
                choices=list(enumerate(q.option_list(language), start=1)),
                coerce=int,
                widget=forms.RadioSelect,
                empty_value=None,
                **common,
            )
        elif q.kind == QuestionKind.MULTIPLE:
            field = forms.TypedMultipleChoiceField(
                choices=list(enumerate(q.option_list(language), start=1)),
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        elif q.kind == QuestionKind.YES_NO:
            field = forms.TypedChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))],
                coerce=int,
                widget=forms.RadioSelect,
                empty_value=None,
                **common,
            )
        elif q.kind == QuestionKind.TEXT:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT, **common)
        elif q.kind == QuestionKind.LIBRARY:
            field = forms.ModelChoiceField(
                queryset=Library.objects.filter(parent__isnull=True).order_by("name_fi"),
                empty_label=_("Choose a library"),
                **common,
            )
        elif q.kind == QuestionKind.MATRIX:
            for row, row_label in enumerate(q.option_list(language), start=1):
                self.fields[self.name(q, row)] = forms.TypedChoiceField(
                    label=row_label,
                    choices=scale_choices(q, language),
                    coerce=int,
                    widget=forms.RadioSelect,
                    empty_value=None,
                    required=False,
                )
            return
        else:  # an unknown kind from a later version: nothing to ask
            return
        self.fields[self.name(q)] = field

    # ------------------------------------------------------------------ structure for the template
    def sections(self) -> list[Section]:
        sections = [Section(None)]
        for q in self.questions:
            if q.kind == QuestionKind.SECTION:
                sections.append(Section(q))
                continue
            item = Item(q)
            if q.kind == QuestionKind.MATRIX:
                item.rows = [
                    (self.fields[name].label, self[name])
                    for name in self.fields
                    if name.startswith(self.name(q) + "_") and name[len(self.name(q)) + 1 :].isdigit()
                ]
            elif self.name(q) in self.fields:
                item.fields = [self[self.name(q)]]
            else:
                continue
            parent = self.by_key.get(q.show_if_key)
            if parent is not None and q.condition_value() is not None:
                item.condition = _("Answer this if you answered “%(answer)s” to “%(question)s”.") % {
                    "answer": self.answer_label(parent, q.condition_value()),
                    "question": parent.label("text", self.language),
                }
                item.condition_name = self.name(parent)
                item.condition_value = str(q.condition_value())
            sections[-1].items.append(item)
        return [s for s in sections if s.items or s.question is not None]

    def answer_label(self, question: Question, value: int) -> str:
        if question.kind == QuestionKind.YES_NO:
            return _("Yes") if value == YES else _("No")
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            options = question.option_list(self.language)
            return options[value - 1] if 0 < value <= len(options) else str(value)
        return str(value)

    # ------------------------------------------------------------------ validation and answers
    def shown(self, q: Question, data: dict) -> bool:
        """Whether the question applies, by the answer given to the earlier question it depends on."""
        if not q.show_if_key:
            return True
        parent = self.by_key.get(q.show_if_key)
        if parent is None:
            return True
        if not self.shown(parent, data):
            return False
        wanted = q.condition_value()
        given = data.get(self.name(parent))
        if isinstance(given, list):
            return wanted in given
        return given == wanted

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if not q.required or q.kind == QuestionKind.SECTION or not self.shown(q, data):
                continue
            names = (
                [name for name in self.fields if name.startswith(self.name(q) + "_")]
                if q.kind == QuestionKind.MATRIX
                else [self.name(q)]
            )
            for name in names:
                if name in self.fields and data.get(name) in (None, "", []) and name not in self.errors:
                    self.add_error(name, _("Answer this question."))
        return data

    def answers(self) -> list[dict]:
        """Rows for ``Answer``: only questions that apply and were answered."""
        data = self.cleaned_data
        rows = []
        for q in self.questions:
            if q.kind == QuestionKind.SECTION or not self.shown(q, data):
                continue
            if q.kind == QuestionKind.MATRIX:
                for row in range(1, len(q.option_list(self.language)) + 1):
                    value = data.get(self.name(q, row))
                    if value is not None:
                        rows.append({"question": q, "row": row, "number": value})
                continue
            value = data.get(self.name(q))
            if value in (None, "", []):
                continue
            if q.kind == QuestionKind.MULTIPLE:
                rows.append({"question": q, "choices": sorted(value)})
            elif q.kind == QuestionKind.TEXT:
                rows.append({"question": q, "text": value.strip()})
            elif q.kind == QuestionKind.LIBRARY:
                rows.append({"question": q, "library": value})
            else:
                rows.append({"question": q, "number": value})
        return rows

    def chosen_library(self):
        """The library a library-chooser question names: the breakdown of a link answer."""
        for q in self.questions:
            if q.kind == QuestionKind.LIBRARY:
                library = self.cleaned_data.get(self.name(q))
                if library is not None:
                    return library
        return None
