"""Reads of the surveys app: the questions of a form, the results for AKE, the anonymous export.

The results page reads a constant number of queries whatever the number of answers or questions:
the questions, the group counts of the responses, one aggregate over the numeric answers, one over
the multiple choices (unnest), one over the libraries chosen, the free texts (AKE only), the
invitations, and the previous year's aggregates for the comparison.
"""

import html
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ake.languages import active_language
from networks.models import Consortium, Region

from .charts import bars_svg, means_svg
from .models import (
    NO,
    YES,
    Answer,
    ImportedResult,
    Invitation,
    Question,
    QuestionKind,
    Response,
    SizeClass,
    Survey,
    SurveyKind,
)

BREAKDOWNS = ("consortium", "region", "size_class")


def survey_questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(survey=survey).order_by("sort_order", "pk"))


def with_rate(surveys):
    """Surveys with their invitation counts, in the same query (subqueries)."""
    invitations = Invitation.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
    return surveys.annotate(
        invited=Coalesce(Subquery(invitations.annotate(n=Count("pk")).values("n")), 0),
        answered=Coalesce(Subquery(invitations.filter(answered=True).annotate(n=Count("pk")).values("n")), 0),
    )


def response_rate(survey: Survey) -> dict:
    """Invited, answered and the rate in per cent (None before any invitation)."""
    if not hasattr(survey, "invited"):
        survey = with_rate(Survey.objects.filter(pk=survey.pk)).get()
    invited, answered = survey.invited, survey.answered
    return {
        "invited": invited,
        "answered": answered,
        "rate": round(answered / invited * 100) if invited else None,
    }


@dataclass
class Filters:
    consortium: str = ""
    region: str = ""
    size_class: str = ""

    def q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{name}": getattr(self, name) for name in BREAKDOWNS if getattr(self, name)})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in BREAKDOWNS)


@dataclass
class QuestionResult:
    question: Question
    n: int = 0
    mean: float | None = None
    rows: list = field(default_factory=list)  # (label, count, share %)
    matrix: list = field(default_factory=list)  # per row: dict(label, n, mean, rows, chart, previous)
    texts: list = field(default_factory=list)
    texts_html: str = ""  # the free texts as list items, escaped (texts_html)
    chart: str = ""
    previous_mean: float | None = None
    previous_n: int | None = None
    previous_yes: int | None = None


def texts_html(texts: list[str], languages: list[str] | None = None) -> SafeString:
    """The free texts as ``<li>`` items, each escaped with its line breaks kept, built in one join.

    A yearly survey has thousands of them (600 answers × 5 text questions): through the template's
    loop and ``linebreaksbr`` they were most of the results page's time (bench/surveys.py)."""
    items = (
        html.escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>") for text in texts
    )
    # A text written in another language than the page's is marked with it (WCAG 3.1.2, issue #14).
    page = active_language()
    opening = [
        f'<li lang="{language}">' if language and language != page else "<li>"
        for language in (languages or [""] * len(texts))
    ]
    return mark_safe("".join(f"{tag}{item}</li>" for tag, item in zip(opening, items, strict=True)))  # noqa: S308 - escaped above


def _mean(counts: dict[int, int]) -> tuple[int, float | None]:
    n = sum(counts.values())
    return n, (round(sum(value * count for value, count in counts.items()) / n, 2) if n else None)


def _share(count: int, n: int) -> int:
    return round(count / n * 100) if n else 0


def _labelled(pairs: list[tuple[str, int]], n: int) -> list[tuple[str, int, int]]:
    return [(label, count, _share(count, n)) for label, count in pairs]


def group_counts(survey: Survey) -> dict:
    """For each breakdown, the number of responses in each group, and the joint rows (one query)."""
    counts: dict = {name: defaultdict(int) for name in BREAKDOWNS}
    total = 0
    joint = []
    for row in Response.objects.filter(survey=survey).order_by().values(*BREAKDOWNS).annotate(n=Count("pk")):
        total += row["n"]
        joint.append(row)
        for name in BREAKDOWNS:
            if row[name]:
                counts[name][row[name]] += row["n"]
    counts["total"] = total
    counts["joint"] = joint
    return counts


def _selected(counts: dict, filters: "Filters") -> int:
    """Responses matching every active filter, from the joint group rows (no query)."""
    return sum(
        row["n"]
        for row in counts["joint"]
        if all(row[name] == getattr(filters, name) for name in BREAKDOWNS if getattr(filters, name))
    )


def filter_choices(survey: Survey, counts: dict) -> dict[str, list[tuple[str, str]]]:
    """The groups offered as filters: only those with at least the survey's threshold of answers."""
    labels = {
        "consortium": dict(Consortium.choices),
        "region": dict(Region.choices),
        "size_class": dict(SizeClass.choices),
    }
    return {
        name: [
            (value, labels[name].get(value, value))
            for value, n in sorted(counts[name].items())
            if n >= survey.threshold
        ]
        for name in BREAKDOWNS
    }


def _numbers(answers) -> tuple[dict, dict]:
    """Counts per (question, row, value) and per library chosen, in one query."""
    found: dict = defaultdict(lambda: defaultdict(dict))
    libraries: dict = defaultdict(list)
    language = active_language()
    # Grouped by the library's key, its names aggregated (one per key): sorting 24,000 answer rows
    # by three text columns was most of this query's time (bench/surveys.py, 600 × 30).
    rows = (
        answers.order_by()
        .values("question_id", "row", "number", "library_id")
        .annotate(
            n=Count("pk"),
            name_fi=Min("library__name_fi"),
            name_sv=Min("library__name_sv"),
            name_en=Min("library__name_en"),
        )
    )
    for row in rows:
        if row["library_id"] is not None:
            name = row.get(f"name_{language}") or row["name_fi"]
            libraries[row["question_id"]].append((name, row["n"]))
            by_value = found[row["question_id"]][row["row"]]
            by_value[None] = by_value.get(None, 0) + row["n"]
        else:
            found[row["question_id"]][row["row"]][row["number"]] = row["n"]
    for pairs in libraries.values():
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    return found, libraries


def _choices_and_texts(survey_id: int, filters: Filters, with_texts: bool) -> tuple[dict, dict]:
    """Counts of each option of the multiple choices and (for AKE) the free texts, in one query."""
    where = ["r.survey_id = %s"]
    params: list = [survey_id]
    for name in BREAKDOWNS:
        if getattr(filters, name):
            where.append(f"r.{name} = %s")
            params.append(getattr(filters, name))
    condition = " AND ".join(where)
    sql = (
        "SELECT a.question_id, c.choice, count(*), NULL, NULL FROM surveys_answer a "
        "JOIN surveys_response r ON r.id = a.response_id "
        "CROSS JOIN LATERAL unnest(a.choices) AS c(choice) "
        f"WHERE {condition} GROUP BY a.question_id, c.choice"
    )
    if with_texts:
        sql += (
            " UNION ALL SELECT a.question_id, NULL, NULL, a.text, r.text_language FROM surveys_answer a "
            "JOIN surveys_response r ON r.id = a.response_id "
            f"WHERE {condition} AND a.text <> ''"
        )
        params = params + params
    choices: dict = defaultdict(dict)
    texts: dict = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for question_id, choice, count, text, language in cursor.fetchall():
            if text is None:
                choices[question_id][choice] = count
            else:
                texts[question_id].append((text, language))
    for found in texts.values():
        found.sort()
    return choices, texts


def _previous_numbers(survey: Survey) -> dict:
    """The yearly survey of the year before, aggregated by the questions' short names (one query)."""
    found: dict = defaultdict(lambda: defaultdict(dict))
    if survey.kind != SurveyKind.YEARLY:
        return found
    rows = (
        Answer.objects.filter(
            response__survey__kind=SurveyKind.YEARLY,
            response__survey__year=survey.year - 1,
            number__isnull=False,
        )
        .order_by()
        .values("question__key", "row", "number")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        found[row["question__key"]][row["row"]][row["number"]] = row["n"]
    # An earlier year held elsewhere: its imported aggregates (surveys/records.py), in the same query
    # count the page had before the import existed only when that year was imported.
    if not found:
        for imported in ImportedResult.objects.filter(
            question__survey__kind=SurveyKind.YEARLY, question__survey__year=survey.year - 1
        ).select_related("question"):
            found[imported.question.key][imported.row] = imported.counts_of()
    return found


def survey_results(survey: Survey, *, filters: Filters | None = None, with_texts: bool = False) -> dict:
    """Everything the results page shows. Nothing is shown for fewer answers than the threshold."""
    filters = filters or Filters()
    language = active_language()
    counts = group_counts(survey)
    choices = filter_choices(survey, counts)
    # A filter that is not offered (too small a group) is refused, not computed.
    for name in BREAKDOWNS:
        value = getattr(filters, name)
        if value and value not in dict(choices[name]):
            setattr(filters, name, "")
    selected = _selected(counts, filters)
    result = {
        "survey": survey,
        "counts": counts,
        "filter_choices": choices,
        "filters": filters,
        "responses": selected,
        "threshold": survey.threshold,
        "enough": selected >= survey.threshold,
        "questions": [],
        "previous": None,
    }
    questions = survey_questions(survey)
    if not result["enough"]:
        result["questions"] = [QuestionResult(q) for q in questions if q.kind != QuestionKind.SECTION]
        return result
    answers = Answer.objects.filter(response__survey=survey).filter(filters.q("response__"))
    numbers, libraries = _numbers(answers)
    multiple, texts = _choices_and_texts(survey.pk, filters, with_texts)
    previous_numbers = _previous_numbers(survey) if not filters.active else {}
    result["previous"] = survey.year - 1 if previous_numbers else None
    for q in questions:
        if q.kind == QuestionKind.SECTION:
            continue
        item = QuestionResult(q)
        title = q.label("text", language)
        by_row = numbers.get(q.pk, {})
        if q.kind == QuestionKind.SCALE:
            values = {v: by_row.get(0, {}).get(v, 0) for v in range(1, 6)}
            item.n, item.mean = _mean(values)
            item.rows = _labelled([(str(v), values[v]) for v in range(1, 6)], item.n)
            item.chart = bars_svg([(str(v), values[v]) for v in range(1, 6)], title=title, total=item.n)
            prev = previous_numbers.get(q.key, {}).get(0)
            if prev:
                item.previous_n, item.previous_mean = _mean(prev)
        elif q.kind == QuestionKind.YES_NO:
            values = by_row.get(0, {})
            pairs = [(_("Yes"), values.get(YES, 0)), (_("No"), values.get(NO, 0))]
            item.n = sum(count for _label, count in pairs)
            item.rows = _labelled(pairs, item.n)
            item.chart = bars_svg(pairs, title=title, total=item.n)
            prev = previous_numbers.get(q.key, {}).get(0)
            if prev:
                item.previous_n = sum(prev.values())
                item.previous_yes = _share(prev.get(YES, 0), item.previous_n)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            options = q.option_list(language)
            if q.kind == QuestionKind.SINGLE:
                values = by_row.get(0, {})
                item.n = sum(values.values())
            else:
                values = multiple.get(q.pk, {})
                item.n = by_row.get(0, {}).get(None, 0)  # answer rows: one per respondent
            pairs = [(option, values.get(index, 0)) for index, option in enumerate(options, start=1)]
            item.rows = _labelled(pairs, item.n)
            item.chart = bars_svg(pairs, title=title, total=item.n)
        elif q.kind == QuestionKind.MATRIX:
            prev_rows = previous_numbers.get(q.key, {})
            for row_number, row_label in enumerate(q.option_list(language), start=1):
                values = {v: by_row.get(row_number, {}).get(v, 0) for v in range(1, 6)}
                n, mean = _mean(values)
                prev_n, prev_mean = (
                    _mean(prev_rows[row_number]) if prev_rows.get(row_number) else (None, None)
                )
                item.matrix.append(
                    {
                        "label": row_label,
                        "n": n,
                        "mean": mean,
                        "rows": _labelled([(str(v), values[v]) for v in range(1, 6)], n),
                        "previous_mean": prev_mean,
                        "previous_n": prev_n,
                    }
                )
                item.n = max(item.n, n)
            item.chart = means_svg([(row["label"], row["mean"]) for row in item.matrix], title=title)
        elif q.kind == QuestionKind.LIBRARY:
            # A library is a breakdown too: one chosen by fewer than the threshold is counted only
            # within "other libraries".
            found = libraries.get(q.pk, [])
            item.n = sum(count for _label, count in found)
            pairs = [(label, count) for label, count in found if count >= survey.threshold]
            others = item.n - sum(count for _label, count in pairs)
            if others:
                label = _("other libraries (fewer than %(threshold)s answers each)") % {
                    "threshold": survey.threshold
                }
                pairs.append((label, others))
            item.rows = _labelled(pairs, item.n)
        elif q.kind == QuestionKind.TEXT:
            item.n = by_row.get(0, {}).get(None, 0)
            found = texts.get(q.pk, [])
            item.texts = [text for text, _language in found]
            item.texts_html = texts_html(item.texts, [language for _text, language in found])
        result["questions"].append(item)
    return result


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """The anonymous answers, one row per response in a random order (the UUID key), for CSV/XLSX.

    A breakdown group, or a library chosen, with fewer responses than the threshold is left empty.
    """
    language = active_language()
    questions = [q for q in survey_questions(survey) if q.kind != QuestionKind.SECTION]
    counts = group_counts(survey)
    header = [_("response"), _("day"), _("consortium"), _("region"), _("library size")]
    columns = []
    for q in questions:
        if q.kind == QuestionKind.MATRIX:
            for row, label in enumerate(q.option_list(language), start=1):
                columns.append((q, row))
                header.append(f"{q.key}: {label}")
        else:
            columns.append((q, 0))
            header.append(q.key)
    responses = list(Response.objects.filter(survey=survey).order_by("id"))
    by_response: dict = defaultdict(dict)
    for answer in Answer.objects.filter(response__survey=survey).select_related("library").order_by():
        by_response[answer.response_id][(answer.question_id, answer.row)] = answer
    # A library chosen in a library question is shown only when as many chose it as the threshold.
    chosen: dict = defaultdict(int)
    for answers in by_response.values():
        for answer in answers.values():
            if answer.library_id:
                chosen[answer.library_id] += 1
    rows = []
    for number, response in enumerate(responses, start=1):
        line = [number, response.submitted_on.isoformat()]
        for name in BREAKDOWNS:
            value = getattr(response, name)
            line.append(value if value and counts[name][value] >= survey.threshold else "")
        for q, row in columns:
            answer = by_response[response.pk].get((q.pk, row))
            if answer is not None and answer.library_id and chosen[answer.library_id] < survey.threshold:
                answer = None
            line.append(_export_value(q, answer, language))
        rows.append(line)
    return header, rows


def _export_value(q: Question, answer: Answer | None, language: str):
    if answer is None:
        return ""
    if q.kind == QuestionKind.TEXT:
        return answer.text
    if q.kind == QuestionKind.LIBRARY:
        return answer.library.name_fi if answer.library_id else ""
    if q.kind == QuestionKind.MULTIPLE:
        options = q.option_list(language)
        return "; ".join(options[c - 1] if 0 < c <= len(options) else str(c) for c in answer.choices)
    if q.kind == QuestionKind.SINGLE:
        options = q.option_list(language)
        return options[answer.number - 1] if answer.number and 0 < answer.number <= len(options) else ""
    if q.kind == QuestionKind.YES_NO:
        return _("Yes") if answer.number == YES else _("No")
    return answer.number
