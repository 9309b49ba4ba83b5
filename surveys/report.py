"""The yearly report's "Evaluation" section (issue 16), provided to reporting through
ake.extensions ("report_evaluation"): the yearly staff survey's response rate and key figures
compared with the year before, the year's pilots with their results, and AKE's own "successes / to
improve". One query for a year without surveys, a handful with, whatever the number of answers.
Shown on a page of its own beside the report (/<lang>/reports/<year>/evaluation/) and as a chapter of
the PDF."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _

from ake import languages

from .models import (
    NO,
    YES,
    Activity,
    Answer,
    EvaluationNote,
    ImportedResult,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
)
from .selectors import _mean, _share, with_rate


def _figures(question, current: dict, previous: dict) -> list[dict]:
    """One line per key figure: a scale's mean, each matrix row's mean, a yes/no question's yes share."""
    language = languages.active_language()
    lines = []
    rows = [(0, question.label("text", language))]
    if question.kind == QuestionKind.MATRIX:
        rows = [(n, f"{question.label('text', language)}: {label}") for n, label in
                enumerate(question.option_list(language), start=1)]  # fmt: skip
    for row, label in rows:
        now, before = current.get(row, {}), previous.get(row, {})
        if question.kind == QuestionKind.YES_NO:
            n, n_before = now.get(YES, 0) + now.get(NO, 0), before.get(YES, 0) + before.get(NO, 0)
            value = f"{_share(now.get(YES, 0), n)} %" if n else None
            value_before = f"{_share(before.get(YES, 0), n_before)} %" if n_before else None
            kind = _("yes")
        else:
            n, mean = _mean(now)
            n_before, mean_before = _mean(before)
            value, value_before, kind = mean, mean_before, _("mean")
        lines.append(
            {
                "label": label,
                "kind": kind,
                "value": value,
                "n": n,
                "previous": value_before,
                "previous_n": n_before,
            }
        )
    return lines


def _target_label(survey) -> str:
    if survey.activity == Activity.COFFEE_HOURS:
        return f"{survey.get_activity_display()} {survey.coffee_hour_year}"
    target = survey.target
    return str(target) if target is not None else ""


EXISTS_SQL = """
SELECT EXISTS (SELECT 1 FROM surveys_evaluationnote WHERE year = %(year)s),
       EXISTS (SELECT 1 FROM surveys_survey WHERE year = %(year)s AND kind IN ('yearly', 'pilot'))
"""


def report_evaluation(*, year: int) -> dict:
    """The section's contents; one query when the year has neither surveys nor AKE's note (the
    report page's budget has no room for more), a few more when it has."""
    language = languages.active_language()
    result = {
        "year": year,
        "yearly": None,
        "figures": [],
        "pilots": [],
        "note": None,
        "hidden": False,
        "imported": False,
    }
    with connection.cursor() as cursor:
        cursor.execute(EXISTS_SQL, {"year": year})
        has_note, has_surveys = cursor.fetchone()
    if has_note:
        note = EvaluationNote.objects.filter(year=year).first()
        result["note"] = {
            "successes": languages.text(note, "successes", language),
            "improvements": languages.text(note, "improvements", language),
        }
    if not has_surveys:
        return result
    yearly = with_rate(Survey.objects.filter(kind=SurveyKind.YEARLY, year=year)).order_by("-opens_at").first()
    result["yearly"] = yearly
    if yearly is not None:
        result["rate"] = round(yearly.answered / yearly.invited * 100) if yearly.invited else None
        headline = list(yearly.questions.filter(headline=True).order_by("sort_order", "pk"))
        counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
        rows = (
            Answer.objects.filter(
                response__survey__kind=SurveyKind.YEARLY,
                response__survey__year__in=(year, year - 1),
                question__key__in=[q.key for q in headline],
                number__isnull=False,
            )
            .order_by()
            .values("response__survey__year", "question__key", "row", "number")
            .annotate(n=Count("pk"), responses=Count("response", distinct=True))
        )
        for row in rows:
            counts[row["response__survey__year"]][row["question__key"]][row["row"]][row["number"]] = row["n"]
        # A year held elsewhere (surveys/records.py): its imported aggregates, this year's or the
        # comparison's.
        for imported in ImportedResult.objects.filter(
            question__survey__kind=SurveyKind.YEARLY,
            question__survey__year__in=(year, year - 1),
            question__key__in=[q.key for q in headline],
        ).select_related("question__survey"):
            by_row = counts[imported.question.survey.year][imported.question.key]
            by_row.setdefault(imported.row, imported.counts_of())
        if yearly.imported:
            responses = yearly.imported_respondents or 0
            invited = yearly.imported_invited
            result["rate"] = round(responses / invited * 100) if invited else None
            result["imported"] = True
        else:
            responses = yearly.responses.count()
        result["responses"] = responses
        result["hidden"] = responses < yearly.threshold
        if not result["hidden"]:
            for question in headline:
                result["figures"] += _figures(
                    question, counts[year][question.key], counts[year - 1][question.key]
                )
    pilots = list(
        Survey.objects.filter(kind=SurveyKind.PILOT, year=year)
        .annotate(response_count=Count("responses"))
        .select_related("event", "campaign", "project", "partnership", "group")
        .order_by("opens_at", "pk")
    )
    numbers: dict = defaultdict(lambda: defaultdict(dict))
    questions: dict = defaultdict(dict)
    if pilots:
        rows = (
            Answer.objects.filter(
                question__survey__in=pilots,
                question__kind__in=(QuestionKind.SCALE, QuestionKind.YES_NO),
                number__isnull=False,
            )
            .order_by()
            .values("question__survey_id", "question_id", "number")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            numbers[row["question_id"]][0][row["number"]] = row["n"]
            questions[row["question__survey_id"]][row["question_id"]] = True
    shown_questions = {
        q.pk: q
        for q in Question.objects.filter(
            pk__in=[pk for found in questions.values() for pk in found]
        ).order_by("sort_order", "pk")
    }
    for pilot in pilots:
        shown = pilot.response_count >= pilot.threshold
        figures = []
        if shown:
            for question in [q for q in shown_questions.values() if q.survey_id == pilot.pk]:
                figures += _figures(question, numbers[question.pk], {})
        result["pilots"].append(
            {"survey": pilot, "responses": pilot.response_count, "shown": shown, "figures": figures,
             "target": _target_label(pilot)}
        )  # fmt: skip
    return result
