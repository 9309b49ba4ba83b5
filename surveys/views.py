"""Answering a survey: by an invitation's one-time link, by the survey's open link, or AKE's preview."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ake.languages import active_language, writer_language
from extranet.anonymity import rate_limited
from networks.roles import user_can_view_report, user_is_ake

from . import services
from .exports import csv_bytes, xlsx_bytes
from .feedback import FeedbackTwice, feedback_answer, feedback_survey
from .forms import SurveyAnswerForm
from .models import Invitation, Survey
from .selectors import BREAKDOWNS, Filters, response_rate, survey_questions, survey_results, with_rate

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Every name the answering template asks for, so that rendering looks up nothing missing: Django logs
# a missing variable at DEBUG with the whole context, and the request in it carries the token.
PAGE_FLAGS = dict.fromkeys(
    (
        "invalid",
        "thanks",
        "answered",
        "closed",
        "not_yet",
        "preview_ok",
        "form",
        "preview",
        "survey",
        "throttled",
        "refused",
    ),
    False,
)


def _page(request, context: dict, status: int = 200):
    return render(request, "surveys/answer.html", {**PAGE_FLAGS, **context}, status=status)


def _open_link_flooded(request, survey: Survey) -> bool:
    """Counts an answer by the open link from this browser (a daily-salted hash of its address and
    agent, in the cache only: nothing that names a person); True past the hourly limit. A limit per
    browser, not per address: a library's staff answer from behind one address."""
    return rate_limited(
        request, f"survey-open:{survey.pk}", limit=settings.AKE_SURVEY_OPEN_ANSWERS_PER_HOUR, window=3600
    )


def _answer_page(request, survey: Survey, *, invitation: Invitation | None = None, preview: bool = False):
    context = {"survey": survey, "preview": preview}
    now = timezone.now()
    if invitation is not None and invitation.answered:
        return _page(request, {**context, "answered": True})
    if not preview and not survey.is_open(now):
        context["closed"] = True
        context["not_yet"] = now < survey.opens_at
        return _page(request, context)
    form = SurveyAnswerForm(
        request.POST if request.method == "POST" else None,
        questions=survey_questions(survey),
        language=active_language(),
    )
    if request.method == "POST" and form.is_valid():
        if preview:
            return _page(request, {**context, "form": form, "preview_ok": True})
        if invitation is None and _open_link_flooded(request, survey):
            # Nothing stored; the answers stay in the form to send again later.
            return _page(request, {**context, "form": form, "throttled": True}, status=429)
        try:
            services.response_submit(
                survey=survey,
                answers=form.answers(),
                invitation=invitation,
                library=form.chosen_library()
                or (request.user.library if request.user.is_authenticated and invitation is None else None),
                language=_writer_language(request, invitation),
            )
        except services.AlreadyAnswered:
            return _page(request, {**context, "answered": True})
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            return _page(request, {**context, "thanks": True})
    # 200 also with errors: Django logs a 400 with its path, and an invitation's path is its token.
    return _page(request, {**context, "form": form})


def _writer_language(request, invitation) -> str:
    """The language of the free answers: the invitee's or the signed-in person's profile language,
    else (an open link, no one signed in) the language of the page they answered on."""
    person = invitation.user if invitation is not None and invitation.user_id else request.user
    return writer_language(person) if getattr(person, "is_authenticated", False) else active_language()


@never_cache
def answer(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _page(request, {"invalid": True}, status=404)
    return _answer_page(request, invitation.survey, invitation=invitation)


@never_cache
def open_link(request, key):
    survey = Survey.objects.filter(link_key=key, open_by_link=True).first()
    if survey is None:
        return _page(request, {"invalid": True}, status=404)
    invitation = None
    if request.user.is_authenticated:
        # A signed-in invitee answering by the open link uses up their invitation (no reminder).
        invitation = Invitation.objects.filter(survey=survey, email__iexact=request.user.email).first()
    return _answer_page(request, survey, invitation=invitation)


@never_cache
def feedback(request, token):
    """An event's feedback (surveys/feedback.py) by the link of the feedback mail: the token names the
    attendance (trainings/tokens.py, valid 90 days); the receipt of who answered is kept apart from
    the answers, one answer per person."""
    from trainings.models import Attendance, FeedbackReceipt
    from trainings.services import feedback_refusal
    from trainings.tokens import feedback_from_token

    attendance_id = feedback_from_token(token)
    attendance = (
        Attendance.objects.select_related("event").filter(pk=attendance_id).first() if attendance_id else None
    )
    if attendance is None:
        return _page(request, {"invalid": True}, status=404)
    event = attendance.event
    refusal = feedback_refusal(event=event, email=attendance.email)
    if refusal:
        return _page(request, {"refused": refusal})
    survey = feedback_survey(event)
    if FeedbackReceipt.objects.filter(event=event, email=attendance.email.lower()).exists():
        return _page(request, {"survey": survey, "answered": True})
    form = SurveyAnswerForm(
        request.POST if request.method == "POST" else None,
        questions=survey_questions(survey),
        language=active_language(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # The link of the feedback mail opens in the attendee's language, written in that mail's:
            # the page's language is the language of the free answers.
            feedback_answer(
                event=event,
                email=attendance.email,
                survey=survey,
                answers=form.answers(),
                language=active_language(),
            )
        except FeedbackTwice:
            return _page(request, {"survey": survey, "answered": True})
        return _page(request, {"survey": survey, "thanks": True})
    return _page(request, {"survey": survey, "form": form})


@never_cache
@login_required
def preview(request, pk):
    if not user_is_ake(request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, pk=pk)
    return _answer_page(request, survey, preview=True)


# --------------------------------------------------------------------------- results
def _results_viewer(request) -> bool:
    """AKE sees everything; the planning group sees the results without the free texts. Returns
    whether the free texts (and the export) are shown."""
    if user_is_ake(request.user):
        return True
    if user_can_view_report(request.user):
        return False
    raise PermissionDenied


@never_cache
@login_required
def results(request, pk):
    show_texts = _results_viewer(request)
    survey = get_object_or_404(with_rate(Survey.objects.all()), pk=pk)
    filters = Filters(**{name: request.GET.get(name, "")[:20] for name in BREAKDOWNS})
    data = survey_results(survey, filters=filters, with_texts=show_texts)
    labels = {"consortium": _("Consortium"), "region": _("Region"), "size_class": _("Library size")}
    filter_fields = [
        (
            name,
            labels[name],
            [(value, label, value == getattr(data["filters"], name)) for value, label in opts],
        )
        for name, opts in data["filter_choices"].items()
        if opts
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": data,
            "filter_fields": filter_fields,
            "rate": response_rate(survey),
            "show_texts": show_texts,
        },
    )


@never_cache
@login_required
def export(request, pk, fmt):
    if not _results_viewer(request):
        raise PermissionDenied  # the answers include the free texts: AKE only
    survey = get_object_or_404(Survey, pk=pk)
    if fmt == "csv":
        response = HttpResponse(csv_bytes(survey), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(survey), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-answers.{fmt}"'
    return response
