"""The demo's surveys show every part of the report's evaluation section (issue #16): a walk of the
demo site found the "successes / to improve" missing in both years and the pilot without a response
rate (never sent)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ake.demo import DemoContext
from surveys.models import Survey, SurveyKind


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_fills_the_evaluation_section_of_both_years_in_each_language(planning_member):
    import networks.demo
    import surveys.demo
    import trainings.demo

    year = timezone.localdate().year
    ctx = DemoContext(scale=1, year=year, log=lambda *args: None)
    networks.demo.load(ctx)
    trainings.demo.load(ctx)
    surveys.demo.load(ctx)

    pilot = Survey.objects.get(kind=SurveyKind.PILOT, year=year)
    invited = pilot.invitations.count()
    assert invited > 9 and pilot.invitations.filter(answered=True).count() == 9

    reader = Client()
    reader.force_login(planning_member)
    pages = {}
    for language in ("fi", "sv", "en"):
        for shown_year in (year - 1, year):
            with translation.override(language):
                url = reverse("reporting:report_evaluation", args=[shown_year])
            pages[language, shown_year] = reader.get(url).content.decode()
    assert "Etäkahvit vakiintuivat" in pages["fi", year - 1]
    assert "Distanskaffena etablerades" in pages["sv", year - 1]
    assert "Kiertävien kokoelmien hyöty jäi vähäisimmäksi" in pages["fi", year]
    assert "Vandringssamlingarna var minst till nytta" in pages["sv", year]
    assert "The touring collections were the least useful" in pages["en", year]
    assert "<h2>Framgångar</h2>" in pages["sv", year] and "<h2>Att förbättra</h2>" in pages["sv", year]
    assert "<h2>Onnistumiset</h2>" in pages["fi", year - 1]
