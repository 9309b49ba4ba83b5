import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.services import ServiceError
from surveys.feedback import OVERALL, feedback_responses, feedback_survey, standard_feedback_create
from surveys.models import Answer, Question, Response
from tests.conftest import make_user, message_text
from trainings import selectors, services
from trainings.models import (
    Attendance,
    EventFormat,
    EventKind,
    FeedbackReceipt,
    Participation,
    Registration,
)

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(libraries):
    start = (timezone.now() - datetime.timedelta(days=2)).replace(microsecond=0)
    event = make_event(format=EventFormat.HYBRID, seats_on_site=10, seats_remote=10, start=start)
    people = []
    for index, (library, mode) in enumerate(
        [("kaarina", "on_site"), ("pori", "remote"), ("turku", "remote"), ("turku", "on_site")]
    ):
        user = make_user(f"person{index}@{library}.fi", library=libraries[library])
        people.append(
            services.registration_create(
                event=event,
                user=user,
                email=user.email,
                first_name="Person",
                last_name=str(index),
                library=user.library,
                participation=mode,
                source=Registration.Source.AKE,
            )
        )
    return event, people


def test_attendance_checklist_marks_and_unmarks(past_event):
    event, people = past_event
    listed = {r.pk for r in people}
    services.attendance_checklist_save(
        event=event, present_ids={people[0].pk, people[1].pk}, listed_ids=listed, recorded_by=None
    )
    assert set(Attendance.objects.filter(event=event).values_list("email", flat=True)) == {
        people[0].email,
        people[1].email,
    }
    services.attendance_checklist_save(
        event=event, present_ids={people[1].pk}, listed_ids=listed, recorded_by=None
    )
    assert list(Attendance.objects.filter(event=event).values_list("email", flat=True)) == [people[1].email]


def test_remote_attendance_list_import_is_all_or_nothing_and_counts_each_person_once(past_event, libraries):
    event, people = past_event
    walk_in = make_user("walkin@pori.fi", library=libraries["pori"])
    with pytest.raises(services.ImportRowErrors) as refused:
        services.attendance_import(
            event=event,
            emails=[people[1].email, "not-an-address", "stranger@example.com", walk_in.email],
            recorded_by=None,
        )
    assert [error.row for error in refused.value.errors] == [2]
    assert not Attendance.objects.exists()

    lines = [people[1].email.upper(), people[2].email, walk_in.email, people[2].email]
    assert services.attendance_import(event=event, emails=lines, recorded_by=None) == (3, 0, ())
    assert services.attendance_import(event=event, emails=lines, recorded_by=None) == (0, 3, ())
    walk_in_row = Attendance.objects.get(email=walk_in.email)
    assert walk_in_row.registration is None and walk_in_row.library == libraries["pori"]
    assert Attendance.objects.get(email=people[2].email).participation == Participation.REMOTE


def test_feedback_once_per_attendee_and_answers_not_linked_to_people(past_event):
    event, people = past_event
    Question.objects.create(
        survey=feedback_survey(event),
        key="useful",
        kind="scale",
        text="Oliko sisältö hyödyllistä?",
        sort_order=1,
    )
    services.attendance_import(event=event, emails=[people[0].email, people[1].email], recorded_by=None)

    services.feedback_submit(event=event, email=people[0].email, overall=5, answers={"useful": 4})
    with pytest.raises(ServiceError):
        services.feedback_submit(event=event, email=people[0].email.upper(), overall=1, answers={})
    with pytest.raises(ServiceError):  # registered but not marked as attended
        services.feedback_submit(event=event, email=people[3].email, overall=1, answers={})

    assert feedback_responses().filter(survey__event=event).count() == 1
    assert FeedbackReceipt.objects.filter(event=event).count() == 1
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"email", "user", "registration", "attendance", "receipt"}
    receipt = FeedbackReceipt.objects.get()
    assert not hasattr(receipt, "response")
    assert Answer.objects.get(question__key="useful").number == 4


def test_feedback_link_from_the_mail_gives_one_response(
    client, past_event, mailbox, django_capture_on_commit_callbacks
):
    event, people = past_event
    services.attendance_import(event=event, emails=[people[0].email], recorded_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.mailings_process(now=timezone.now())
    [request] = mailbox.to(people[0].email)
    link = re.search(r"https?://[^/\s]+(/\S+/feedback/\S+/)", message_text(request)).group(1)

    assert link.startswith("/fi/surveys/feedback/")  # the surveys' answering page
    page = client.get(link)
    assert page.status_code == 200 and 'name="q_overall"' in page.content.decode()
    response = client.post(link, {})  # the overall rating is required
    assert 'id="id_q_overall_errors"' in response.content.decode() and not feedback_responses().exists()
    client.post(link, {"q_overall": "4"})
    again = client.post(link, {"q_overall": "1"}).content.decode()
    assert 'name="q_overall"' not in again  # answered: no form any more
    assert list(Answer.objects.filter(question__key=OVERALL).values_list("number", flat=True)) == [4]


def test_attendees_marked_after_the_request_went_out_still_get_one(
    past_event, mailbox, django_capture_on_commit_callbacks
):
    event, people = past_event
    with django_capture_on_commit_callbacks(execute=True):
        services.mailings_process(now=timezone.now())
    assert mailbox.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_import(event=event, emails=[people[2].email], recorded_by=None)
    assert len(mailbox.to(people[2].email)) == 1


def test_results_show_averages_only_from_three_responses(past_event):
    event, people = past_event
    standard = standard_feedback_create(
        event_kind=EventKind.TRAINING, titles={"fi": "V", "sv": "S", "en": "E"}
    )
    Question.objects.create(
        survey=standard, key="expertise", kind="scale", text="Kouluttajan asiantuntemus", sort_order=1
    )
    services.attendance_import(event=event, emails=[p.email for p in people], recorded_by=None)
    services.feedback_submit(event=event, email=people[0].email, overall=5, answers={"expertise": 5})
    services.feedback_submit(event=event, email=people[1].email, overall=4, answers={"expertise": 3})
    results = selectors.feedback_results(event=event)
    assert results.responses == 2 and results.mean is None
    assert results.response_rate == 50
    services.feedback_submit(event=event, email=people[2].email, overall=2, answers={"expertise": 4})
    results = selectors.feedback_results(event=event)
    assert results.mean == Decimal("3.67")
    assert results.distribution == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    assert results.response_rate == 75
    [kind_question] = results.questions  # copied from the kind's standard feedback
    assert kind_question.mean == 4 and kind_question.count == 3


def test_free_feedback_is_marked_with_the_language_it_was_written_in(client, editor, past_event):
    """Issue #14: AKE's feedback page of an event marks a free answer written in another language."""
    event, people = past_event
    standard = standard_feedback_create(
        event_kind=EventKind.TRAINING, titles={"fi": "V", "sv": "S", "en": "E"}
    )
    Question.objects.create(survey=standard, key="improve", kind="text", text="Parannettavaa", sort_order=1)
    services.attendance_import(event=event, emails=[p.email for p in people], recorded_by=None)
    # The first attendee writes in Swedish (their profile's language): feedback_submit stores it so.
    people[0].user.language = "sv"
    people[0].user.save(update_fields=["language"])
    for person, text in zip(people, ("Fler pauser", "Lisää taukoja", "Hyvä koulutus"), strict=False):
        services.feedback_submit(event=event, email=person.email, overall=4, answers={"improve": text})
    assert Response.objects.get(answers__text="Fler pauser").text_language == "sv"
    client.force_login(editor)
    page = client.get(reverse("trainings_event:feedback", args=[event.pk])).content.decode()
    assert '<li lang="sv">Fler pauser</li>' in page
    assert "<li>Lisää taukoja</li>" in page


def test_feedback_stored_without_its_givers_language_is_in_the_events_language(past_event):
    """Issue #14: feedback stored through feedback_store without a giver (the import) takes the
    event's language of instruction for its free texts: a Swedish training's feedback is Swedish."""
    from surveys.feedback import feedback_store

    event, _people = past_event
    standard = standard_feedback_create(
        event_kind=EventKind.TRAINING, titles={"fi": "V", "sv": "S", "en": "E"}
    )
    Question.objects.create(survey=standard, key="improve", kind="text", text="Parannettavaa", sort_order=1)
    event.language = "sv"
    event.save(update_fields=["language"])
    swedish = feedback_store(event, overall=5, answers={"improve": "Mycket bra"})
    given = feedback_store(event, overall=4, answers={"improve": "Hyvä"}, language="fi")
    event.language = "bilingual"
    event.save(update_fields=["language"])
    bilingual = feedback_store(event, overall=3)
    assert (swedish.text_language, given.text_language, bilingual.text_language) == ("sv", "fi", "fi")
    assert Response.objects.get(pk=swedish.pk).text_language == "sv"
