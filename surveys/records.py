"""Importer for earlier years' yearly staff surveys held elsewhere: aggregates per question.

One row per question (a matrix: per row) of a year's survey: the question by its short name or its
text, its kind, the answers per option (``count_1`` …) or the mean with n, and the survey's
respondents and invitees. The import makes that year's yearly survey (marked imported) with its
questions and one ``ImportedResult`` per row, so that the next year's results page compares with it
and the report's evaluation section shows the year. A question given by its text only gets the short
name of the same question in a later yearly survey of the site (in any language), so the years
compare. See docs/records.md ("survey_results").
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, per_file, register

from .models import ImportedResult, Question, QuestionKind, Survey, SurveyKind

MAX_OPTIONS = 10
KINDS = (
    QuestionKind.SCALE,
    QuestionKind.YES_NO,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.MATRIX,
)
COUNT_COLUMNS = [f"count_{number}" for number in range(1, MAX_OPTIONS + 1)]
TITLES = {"fi": "Henkilöstökysely %(year)s", "sv": "Personalenkät %(year)s", "en": "Staff survey %(year)s"}


def _year(row: dict) -> int:
    if not 2000 <= row["year"] <= 2100:
        raise RowError(_("The year must be between 2000 and 2100."), "year")
    return row["year"]


def _later_key(year: int, texts: list[str]) -> str | None:
    """The short name of the same question (by its text) in a later yearly survey of the site."""
    condition = Q()
    for text in texts:
        for code in ("fi", "sv", "en"):
            condition |= Q(**{f"text_{code}__iexact": text})
    found = (
        Question.objects.filter(
            condition, survey__kind=SurveyKind.YEARLY, survey__year__gt=year, survey__imported=False
        )
        .order_by("survey__year")
        .values_list("key", flat=True)
        .first()
    )
    return found


def _counts(row: dict, kind: str) -> dict[str, int]:
    counts = {column[6:]: row[column] for column in COUNT_COLUMNS if row[column] is not None}
    for column in COUNT_COLUMNS:
        if row[column] is not None and row[column] < 0:
            raise RowError(_("A count cannot be negative."), column)
    allowed = {
        QuestionKind.SCALE: 5,
        QuestionKind.MATRIX: 5,
        QuestionKind.YES_NO: 2,
    }.get(kind, MAX_OPTIONS)
    for number in counts:
        if int(number) > allowed:
            raise RowError(
                _("A question of this kind has no option %(number)s (1–%(allowed)s).")
                % {"number": number, "allowed": allowed},
                f"count_{number}",
            )
    return counts


def validate_survey_result(row: dict) -> dict:
    year = _year(row)
    respondents, invited = row["respondents"], row["invited"]
    # The survey's figures are the same on every line of the year.
    first = per_file("survey_results:years", dict).setdefault(year, (respondents, invited))
    if first != (respondents, invited):
        column = "respondents" if first[0] != respondents else "invited"
        raise RowError(
            _("Another line of the year %(year)s gives %(respondents)s respondents and %(invited)s invited.")
            % {"year": year, "respondents": first[0], "invited": first[1] if first[1] is not None else "–"},
            column,
        )
    kind = (row["kind"] or "").strip().lower()
    if kind not in KINDS:
        raise RowError(_("The kind must be one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}, "kind")
    texts = [row[f"text_{code}"] for code in ("fi", "sv", "en") if row[f"text_{code}"]]
    key = (row["key"] or "").strip().lower()
    if not key:
        if not texts:
            raise RowError(_("Give the question's short name (key) or its text."), "key")
        key = _later_key(year, texts) or slugify(texts[0])[:40]
    if not key or any(char not in "abcdefghijklmnopqrstuvwxyz0123456789_-" for char in key):
        raise RowError(_("Use lower-case letters, digits, - and _ only."), "key")
    line_row = row["row"] or 0
    if kind == QuestionKind.MATRIX and line_row < 1:
        raise RowError(_("A matrix question is given one row per line: its row number, from 1."), "row")
    if kind != QuestionKind.MATRIX and line_row:
        raise RowError(_("Only a matrix question has rows."), "row")
    counts = _counts(row, kind)
    mean, n = row["mean"], row["n"]
    if counts and (mean is not None or n is not None):
        raise RowError(_("Give either the counts per option or the mean with n, not both."), "mean")
    if not counts:
        if kind not in (QuestionKind.SCALE, QuestionKind.MATRIX):
            raise RowError(_("Give the counts per option (count_1, count_2, …)."), "count_1")
        if mean is None or n is None:
            raise RowError(
                _("Give the counts per option, or the mean and n."), "mean" if mean is None else "n"
            )
        if not 1 <= mean <= 5:
            raise RowError(_("The mean of a scale 1–5 must be between 1 and 5."), "mean")
        if n < 1:
            raise RowError(_("n must be at least 1."), "n")
    answers = n if not counts else (sum(counts.values()) if kind != QuestionKind.MULTIPLE else None)
    if respondents < 1:
        raise RowError(_("The number of respondents must be at least 1."), "respondents")
    if answers is not None and answers > respondents:
        raise RowError(
            _("More answers (%(answers)s) than respondents (%(respondents)s).")
            % {"answers": answers, "respondents": respondents},
            "respondents",
        )
    if invited is not None and invited < respondents:
        raise RowError(_("Fewer invited than respondents."), "invited")
    if Survey.objects.filter(kind=SurveyKind.YEARLY, year=year, imported=False).exists():
        raise RowError(
            _("The year %(year)s has its yearly survey on the site: its results are not imported.")
            % {"year": year},
            "year",
        )
    return {**row, "year": year, "kind": kind, "key": key, "row": line_row, "counts": counts}


def _imported_survey(row: dict) -> Survey:
    year = row["year"]
    titles = {f"title_{code}": text % {"year": year} for code, text in TITLES.items()}
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    survey, _created = Survey.objects.get_or_create(
        kind=SurveyKind.YEARLY,
        year=year,
        imported=True,
        defaults={
            "title": titles["title_fi"],
            **titles,
            "opens_at": start,
            "closes_at": start.replace(year=year + 1),
            "imported_respondents": row["respondents"],
            "imported_invited": row["invited"],
        },
    )
    return survey


def create_survey_result(row: dict) -> None:
    survey = _imported_survey(row)
    texts = {f"text_{code}": row[f"text_{code}"] or "" for code in ("fi", "sv", "en")}
    question, created = Question.objects.get_or_create(
        survey=survey,
        key=row["key"],
        defaults={
            "kind": row["kind"],
            "text": texts["text_fi"] or texts["text_sv"] or texts["text_en"] or row["key"],
            **texts,
            "headline": bool(row["headline"]),
            "sort_order": survey.questions.count(),
        },
    )
    if not created and question.kind != row["kind"]:
        raise RowError(
            _("The question was imported as another kind: %(kind)s.") % {"kind": question.kind}, "kind"
        )
    if row["kind"] == QuestionKind.MATRIX:
        # The matrix's row labels, one line per row number (the report names each row's mean).
        for code in ("fi", "sv", "en"):
            label = row[f"row_text_{code}"]
            if label:
                lines = (
                    (getattr(question, f"options_{code}") or "").split("\n")
                    if getattr(question, f"options_{code}")
                    else []
                )
                lines += [""] * (row["row"] - len(lines))
                lines[row["row"] - 1] = label
                setattr(question, f"options_{code}", "\n".join(lines))
        question.options = question.options_fi or ""
        question.save()
    ImportedResult.objects.create(
        question=question,
        row=row["row"],
        counts=row["counts"],
        mean=row["mean"] if not row["counts"] else None,
        n=row["n"] if not row["counts"] else None,
    )


def register_record_types() -> None:
    register(
        RecordType(
            name="survey_results",
            label="Earlier years' yearly staff surveys: results per question",
            columns=[
                Column("year", "integer", required=True),
                Column("key", help="the question's short name; or give its text"),
                Column("text_fi"),
                Column("text_sv"),
                Column("text_en"),
                Column("kind", required=True, help=", ".join(KINDS)),
                Column("row", "integer", help="a matrix: the row's number, from 1"),
                Column("row_text_fi"),
                Column("row_text_sv"),
                Column("row_text_en"),
                *(Column(name, "integer") for name in COUNT_COLUMNS),
                Column("mean", "decimal"),
                Column("n", "integer"),
                Column("respondents", "integer", required=True),
                Column("invited", "integer"),
                Column("headline", "boolean", help="yes: a key figure of the report"),
            ],
            validate=validate_survey_result,
            natural_key=lambda row: (row["year"], row["key"], row["row"]),
            existing_keys=lambda: set(
                ImportedResult.objects.values_list("question__survey__year", "question__key", "row")
            ),
            create=create_survey_result,
            order=95,
        )
    )
