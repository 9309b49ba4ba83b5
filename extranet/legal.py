"""The legally required pages (issue #15, item 10): the accessibility statement and the privacy notice.

``legal_pages_ensure()`` creates them where they are missing: under the home page of the default
language and, as real translations made with ``copy_for_translation``, under every translated home
page. It never changes a page that exists (AKE edits them in the admin); an alias left by the page
tree synchronisation is turned into a real translation. It runs after ``migrate`` (so that a new
site has them), and after the demo data builds its language trees; call it again after adding a
locale's page tree.

The first texts below are a draft for AKE to check and complete. Facts the project cannot know
(street address, the data protection officer, the supervising authority's current contact details)
are clearly marked placeholders in square brackets. Facts the project does know are shown from
settings by the templates: the feedback address (AKE_CONTACT_EMAIL) and the retention periods
(AKE_RETENTION_DAYS).
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What each retention job removes and from when its days count (settings.AKE_RETENTION_DAYS).
RETENTION_LABELS = {
    "sessions": _("Login sessions: removed when they expire (at the latest two weeks after the last visit)."),
    "access_requests": _("Access requests that AKE approved or rejected: %(days)s days after the decision."),
    "subscriptions_unconfirmed": _("Notice subscriptions that were never confirmed: after %(days)s days."),
    "delivery_errors": _(
        "Error messages of sent notice mails (they quote the address): after %(days)s days."
    ),
    "kit_reminder_errors": _("Error messages of kit reminders: %(days)s days after the reminder's day."),
    "interlibrary_contacts": _(
        "Contact person of an interlibrary-loan request: %(days)s days after the loan was returned or "
        "could not be supplied."
    ),
    "event_mails": _("Event mails sent and records of who gave feedback: %(days)s days after the event."),
    "recordings": _(
        "Training recordings hidden on their review date and not renewed: deleted with their files "
        "after %(days)s days."
    ),
}


def retention_periods() -> list[str]:
    """One sentence per retention job, with the days from settings (unknown jobs are not hidden)."""
    lines = []
    for job, days in settings.AKE_RETENTION_DAYS.items():
        label = RETENTION_LABELS.get(job)
        if label is None:
            lines.append(f"{job}: {days}")
        else:
            lines.append(str(label) % {"days": days})
    return lines


def _text(*paragraphs: str) -> list[tuple[str, str]]:
    return [("text", "".join(paragraphs))]


ACCESSIBILITY = {
    "fi": {
        "title": "Saavutettavuusseloste",
        "slug": "saavutettavuusseloste",
        "introduction": (
            "Tämä seloste koskee Lounais-Suomen kirjastojen extranetiä. Selosteen on laatinut Turun "
            "kaupunginkirjasto, joka hoitaa Varsinais-Suomen ja Satakunnan yleisten kirjastojen "
            "alueellista kehittämistehtävää (AKE). Vaatimukset tulevat laista digitaalisten palvelujen "
            "tarjoamisesta (306/2019)."
        ),
        "body": _text(
            "<h2>Saavutettavuuden tila</h2>",
            "<p>Extranet täyttää saavutettavuusvaatimukset (WCAG 2.1, tasot A ja AA) osittain. "
            "Puutteet on kerrottu alla.</p>",
            "<h2>Sisältö, joka ei ole saavutettavaa</h2>",
            "<ul><li>Kaikissa koulutustallenteissa ei vielä ole tekstityksiä. Tekstitykset hankitaan "
            "ostopalveluna.</li>",
            "<li>Kaikki materiaalipankin ladattavat tiedostot (PDF, Word, PowerPoint) eivät ole "
            "saavutettavia. Pyydä tiedosto saavutettavassa muodossa alla olevalla palautekanavalla.</li>",
            "<li>[AKE täydentää: muut tunnetut puutteet ja niiden korjausaikataulu.]</li></ul>",
            "<h2>Miten saavutettavuus on arvioitu</h2>",
            "<p>Jokainen sivutyyppi tarkistetaan suomeksi ja ruotsiksi automaattisesti axe-core-työkalulla "
            "ja käydään läpi näppäimistöllä aina, kun palvelua muutetaan. [AKE täydentää: ulkopuolinen "
            "arviointi, jos sellainen tehdään.]</p>",
            "<h2>Valvontaviranomainen</h2>",
            "<p>Jos et saa vastausta palautteeseesi kahden viikon kuluessa tai et ole tyytyväinen "
            "vastaukseen, voit tehdä ilmoituksen valvontaviranomaiselle. Valvontaviranomainen on "
            "Liikenne- ja viestintävirasto Traficomin saavutettavuusvalvonta (vuoden 2024 loppuun "
            "Etelä-Suomen aluehallintovirasto). Ohjeet: "
            '<a href="https://www.saavutettavuusvaatimukset.fi/">saavutettavuusvaatimukset.fi</a>. '
            "[AKE tarkistaa valvontaviranomaisen ajantasaiset yhteystiedot: sähköposti ja puhelin.]</p>",
        ),
    },
    "sv": {
        "title": "Tillgänglighetsutlåtande",
        "slug": "tillganglighetsutlatande",
        "introduction": (
            "Detta utlåtande gäller extranätet för biblioteken i sydvästra Finland. Det har gjorts av "
            "Åbo stadsbibliotek, som sköter den regionala utvecklingsuppgiften (AKE) för de allmänna "
            "biblioteken i Egentliga Finland och Satakunta. Kraven kommer från lagen om tillhandahållande "
            "av digitala tjänster (306/2019)."
        ),
        "body": _text(
            "<h2>Tillgänglighetens status</h2>",
            "<p>Extranätet uppfyller tillgänglighetskraven (WCAG 2.1, nivåerna A och AA) delvis. "
            "Bristerna beskrivs nedan.</p>",
            "<h2>Innehåll som inte är tillgängligt</h2>",
            "<ul><li>Alla utbildningsinspelningar har ännu inte textning. Textningen köps som en "
            "tjänst.</li>",
            "<li>Alla filer i materialbanken (PDF, Word, PowerPoint) är inte tillgängliga. Be om filen i "
            "tillgänglig form via responskanalen nedan.</li>",
            "<li>[AKE kompletterar: andra kända brister och när de åtgärdas.]</li></ul>",
            "<h2>Hur tillgängligheten har bedömts</h2>",
            "<p>Varje sidtyp kontrolleras på finska och svenska automatiskt med verktyget axe-core och "
            "gås igenom med tangentbordet varje gång tjänsten ändras. [AKE kompletterar: extern "
            "bedömning, om en sådan görs.]</p>",
            "<h2>Tillsynsmyndighet</h2>",
            "<p>Om du inte får svar på din respons inom två veckor eller inte är nöjd med svaret kan du "
            "göra en anmälan till tillsynsmyndigheten. Tillsynsmyndigheten är Transport- och "
            "kommunikationsverket Traficoms tillgänglighetstillsyn (till slutet av 2024 "
            "Regionförvaltningsverket i Södra Finland). Anvisningar: "
            '<a href="https://www.saavutettavuusvaatimukset.fi/sv/">tillganglighetskrav.fi</a>. '
            "[AKE kontrollerar tillsynsmyndighetens aktuella kontaktuppgifter: e-post och telefon.]</p>",
        ),
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "introduction": (
            "This statement covers the extranet of the libraries of South-West Finland. It was prepared "
            "by Turku City Library, which holds the regional development task (AKE) for the public "
            "libraries of Varsinais-Suomi and Satakunta. The requirements come from the Act on the "
            "Provision of Digital Services (306/2019)."
        ),
        "body": _text(
            "<h2>Compliance status</h2>",
            "<p>The extranet partially meets the accessibility requirements (WCAG 2.1, levels A and AA). "
            "The shortcomings are listed below.</p>",
            "<h2>Content that is not accessible</h2>",
            "<ul><li>Not every training recording has captions yet. Captions are bought as a service.</li>",
            "<li>Not every downloadable file in the material bank (PDF, Word, PowerPoint) is accessible. "
            "Ask for the file in an accessible form through the feedback channel below.</li>",
            "<li>[AKE completes: other known shortcomings and when they will be fixed.]</li></ul>",
            "<h2>How accessibility was assessed</h2>",
            "<p>Every page type is checked in Finnish and Swedish automatically with the axe-core tool "
            "and with the keyboard whenever the service changes. [AKE completes: an external "
            "assessment, if one is made.]</p>",
            "<h2>Supervising authority</h2>",
            "<p>If you get no answer to your feedback within two weeks, or you are not satisfied with the "
            "answer, you can notify the supervising authority: the digital accessibility supervision of "
            "the Finnish Transport and Communications Agency Traficom (until the end of 2024 the "
            "Regional State Administrative Agency for Southern Finland). Instructions: "
            '<a href="https://www.saavutettavuusvaatimukset.fi/en/">webaccessibility.fi</a>. '
            "[AKE checks the authority's current contact details: email and telephone.]</p>",
        ),
    },
}

PRIVACY = {
    "fi": {
        "title": "Tietosuojaseloste",
        "slug": "tietosuojaseloste",
        "introduction": (
            "Tässä kerrotaan, mitä henkilötietoja Lounais-Suomen kirjastojen extranet käsittelee, miksi "
            "ja kuinka kauan (EU:n yleinen tietosuoja-asetus, 13 artikla)."
        ),
        "body": _text(
            "<h2>Rekisterinpitäjä ja yhteystiedot</h2>",
            "<p>Turun kaupunki / Turun kaupunginkirjasto, alueellinen kehittämistehtävä (AKE). "
            "[AKE täydentää: postiosoite.] Tietosuoja-asioissa voit ottaa yhteyttä AKE:en sivun "
            "alareunan osoitteella. [AKE täydentää: Turun kaupungin tietosuojavastaavan "
            "yhteystiedot.]</p>",
            "<h2>Mitä tietoja käsitellään ja miksi</h2>",
            "<ul><li>Käyttäjätili: nimi, sähköpostiosoite, kirjasto, tehtävänimike ja puhelinnumero "
            "(jos annat sen), kieli – kirjautumista ja palvelun käyttöä varten.</li>",
            "<li>Tiedotteiden tilaus: sähköpostiosoite ja valitut aiheet – tiedotteiden lähettämistä "
            "varten.</li>",
            "<li>Ilmoittautumiset koulutuksiin ja matkoille: nimi, sähköpostiosoite, kirjasto ja "
            "osallistuminen; jos annat ne, erityisruokavalio, saavutettavuustarpeet, hätäyhteystieto ja "
            "kuljetustoive – tapahtuman järjestämistä varten. Tapahtumaa koskevat lisätiedot poistetaan "
            "tapahtumalle asetetun ajan kuluttua (oletuksena 90 päivää).</li>",
            "<li>Salkkujen varaukset ja kaukolainapyynnöt: kirjasto ja yhteyshenkilö – lainojen "
            "hoitamista varten.</li>",
            "<li>Koulutuspalaute: arviot ja vastaukset tallennetaan ilman nimeä.</li>",
            "<li>Alueen vuosiraportti lasketaan näistä tiedoista kirjastoittain; raportissa ei ole "
            "henkilötietoja.</li></ul>",
            "<h2>Käsittelyn peruste</h2>",
            "<p>Yleisen edun mukaisen tehtävän hoitaminen (tietosuoja-asetuksen 6 artiklan 1 kohdan "
            "e alakohta): alueellinen kehittämistehtävä kirjastolain (1492/2016) 8 ja 12 §:n mukaan. "
            "Tiedotteiden tilaus perustuu suostumukseesi, jonka voit perua milloin tahansa. [AKE "
            "tarkistaa perusteet tietosuojavastaavan kanssa.]</p>",
            "<h2>Tietojen luovutukset</h2>",
            "<p>Tietoja ei luovuteta eikä siirretä EU:n tai ETA:n ulkopuolelle. [AKE täydentää: "
            "palvelun ylläpitäjä ja palvelintoimittaja henkilötietojen käsittelijöinä.]</p>",
            "<h2>Evästeet</h2>",
            "<p>Extranet käyttää vain kirjautumisen ja lomakkeiden suojaamisen evästeitä. Käyntejä "
            "lasketaan ilman evästeitä ja tallentamatta henkilötietoja.</p>",
            "<h2>Oikeutesi</h2>",
            "<p>Voit ladata tietosi ja poistaa tilisi profiilisivulla sekä korjata tietosi itse. Voit "
            "myös pyytää käsittelyn rajoittamista tai vastustaa käsittelyä ottamalla yhteyttä AKE:en. "
            "Sinulla on oikeus tehdä valitus tietosuojavaltuutetun toimistolle "
            '(<a href="https://tietosuoja.fi/">tietosuoja.fi</a>). Automaattista päätöksentekoa ei '
            "ole.</p>",
        ),
    },
    "sv": {
        "title": "Dataskyddsbeskrivning",
        "slug": "dataskyddsbeskrivning",
        "introduction": (
            "Här berättar vi vilka personuppgifter extranätet för biblioteken i sydvästra Finland "
            "behandlar, varför och hur länge (EU:s allmänna dataskyddsförordning, artikel 13)."
        ),
        "body": _text(
            "<h2>Personuppgiftsansvarig och kontaktuppgifter</h2>",
            "<p>Åbo stad / Åbo stadsbibliotek, den regionala utvecklingsuppgiften (AKE). [AKE "
            "kompletterar: postadress.] I dataskyddsfrågor kan du kontakta AKE på adressen längst ner "
            "på sidan. [AKE kompletterar: kontaktuppgifter till Åbo stads dataskyddsombud.]</p>",
            "<h2>Vilka uppgifter behandlas och varför</h2>",
            "<ul><li>Användarkonto: namn, e-postadress, bibliotek, befattning och telefonnummer (om du "
            "anger det), språk – för inloggning och användning av tjänsten.</li>",
            "<li>Prenumeration på meddelanden: e-postadress och valda ämnen – för att skicka "
            "meddelandena.</li>",
            "<li>Anmälningar till utbildningar och resor: namn, e-postadress, bibliotek och deltagande; "
            "om du anger dem, specialkost, tillgänglighetsbehov, kontaktperson i nödsituationer och önskemål "
            "om transport – för att ordna evenemanget. Evenemangets tilläggsuppgifter raderas efter den "
            "tid som har angetts för evenemanget (som standard 90 dagar).</li>",
            "<li>Bokningar av väskor och fjärrlånebeställningar: bibliotek och kontaktperson – för att "
            "sköta lånen.</li>",
            "<li>Respons på utbildningar: bedömningar och svar sparas utan namn.</li>",
            "<li>Regionens årsrapport räknas ut biblioteksvis från dessa uppgifter; rapporten innehåller "
            "inga personuppgifter.</li></ul>",
            "<h2>Rättslig grund</h2>",
            "<p>Utförande av en uppgift av allmänt intresse (dataskyddsförordningen artikel 6.1 e): den "
            "regionala utvecklingsuppgiften enligt bibliotekslagen (1492/2016) 8 och 12 §. "
            "Prenumerationen på meddelanden grundar sig på ditt samtycke, som du kan återkalla när som "
            "helst. [AKE kontrollerar grunderna med dataskyddsombudet.]</p>",
            "<h2>Utlämnande av uppgifter</h2>",
            "<p>Uppgifterna lämnas inte ut och överförs inte utanför EU eller EES. [AKE kompletterar: "
            "tjänstens underhållare och serverleverantör som personuppgiftsbiträden.]</p>",
            "<h2>Kakor</h2>",
            "<p>Extranätet använder bara kakor för inloggning och för att skydda formulär. Besök räknas "
            "utan kakor och utan att personuppgifter sparas.</p>",
            "<h2>Dina rättigheter</h2>",
            "<p>Du kan ladda ner dina uppgifter och radera ditt konto på profilsidan samt rätta dina "
            "uppgifter själv. Du kan också begära begränsning av behandlingen eller invända mot den "
            "genom att kontakta AKE. Du har rätt att lämna in klagomål till dataombudsmannens byrå "
            '(<a href="https://tietosuoja.fi/sv/">tietosuoja.fi</a>). Inga automatiserade beslut '
            "fattas.</p>",
        ),
    },
    "en": {
        "title": "Privacy notice",
        "slug": "privacy-notice",
        "introduction": (
            "This notice tells which personal data the extranet of the libraries of South-West Finland "
            "processes, why and for how long (EU General Data Protection Regulation, Article 13)."
        ),
        "body": _text(
            "<h2>Controller and contact details</h2>",
            "<p>City of Turku / Turku City Library, regional development task (AKE). [AKE completes: "
            "postal address.] For data protection matters, contact AKE at the address at the bottom of "
            "the page. [AKE completes: contact details of the City of Turku's data protection "
            "officer.]</p>",
            "<h2>What is processed and why</h2>",
            "<ul><li>User account: name, email address, library, job title and telephone number (if you "
            "give it), language – to log in and use the service.</li>",
            "<li>Notice subscription: email address and chosen topics – to send the notices.</li>",
            "<li>Registrations for trainings and trips: name, email address, library and participation; "
            "if you give them, dietary needs, accessibility needs, emergency contact and transport "
            "request – to organise the event. The event-only details are erased after the time set for "
            "the event (90 days by default).</li>",
            "<li>Kit bookings and interlibrary-loan requests: library and contact person – to handle the "
            "loans.</li>",
            "<li>Training feedback: ratings and answers are stored without names.</li>",
            "<li>The region's yearly report is computed from these data per library; it contains no "
            "personal data.</li></ul>",
            "<h2>Legal basis</h2>",
            "<p>Performance of a task in the public interest (GDPR Article 6(1)(e)): the regional "
            "development task under the Public Libraries Act (1492/2016), sections 8 and 12. The notice "
            "subscription is based on your consent, which you can withdraw at any time. [AKE checks the "
            "legal bases with the data protection officer.]</p>",
            "<h2>Disclosures</h2>",
            "<p>The data are not disclosed or transferred outside the EU or the EEA. [AKE completes: the "
            "service's maintainer and server provider as processors.]</p>",
            "<h2>Cookies</h2>",
            "<p>The extranet uses only cookies for logging in and for protecting forms. Visits are "
            "counted without cookies and without storing personal data.</p>",
            "<h2>Your rights</h2>",
            "<p>You can download your data and delete your account on your profile page, and correct "
            "your data yourself. You can also ask for the processing to be restricted or object to it "
            "by contacting AKE. You have the right to lodge a complaint with the Office of the Data "
            'Protection Ombudsman (<a href="https://tietosuoja.fi/en/">tietosuoja.fi</a>). No '
            "automated decisions are made.</p>",
        ),
    },
}


def _texts():
    from .models import AccessibilityStatementPage, PrivacyNoticePage

    return [(AccessibilityStatementPage, ACCESSIBILITY), (PrivacyNoticePage, PRIVACY)]


def _fill(page, texts: dict) -> None:
    page.title = page.draft_title = texts["title"]
    page.slug = texts["slug"]
    page.introduction = texts["introduction"]
    page.body = texts["body"]


def _publish(page) -> None:
    page.save_revision(log_action=True).publish()


def legal_pages_ensure() -> list:
    """Creates the missing legal pages and translations; returns the pages it created."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction
    from wagtail.models import Locale, Site

    from .models import HomePage

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    if home is None:
        return []
    created = []
    default_language = home.locale.language_code
    for model, texts in _texts():
        page = model.objects.child_of(home).first()
        if page is None:
            page = model()
            _fill(page, texts.get(default_language, texts["fi"]))
            page.live = False
            home.add_child(instance=page)
            _publish(page)
            created.append(page)
        for locale in Locale.objects.exclude(pk=home.locale_id):
            language_home = home.get_translation_or_none(locale)
            language_texts = texts.get(locale.language_code)
            if language_home is None or language_texts is None:
                continue
            translation = page.get_translation_or_none(locale)
            if translation is not None and translation.alias_of_id is None:
                continue  # a real translation: AKE's to edit
            if translation is not None:
                ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
                translation = model.objects.get(pk=translation.pk)
            else:
                translation = page.copy_for_translation(locale)
            _fill(translation, language_texts)
            translation.save()
            _publish(translation)
            created.append(translation)
    return created


def legal_pages_ensure_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: runs once, after the last app's migrations and permissions."""
    from django.apps import apps

    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    try:
        legal_pages_ensure()
    except DatabaseError:
        # A migrate back to an earlier state leaves tables the current models do not match.
        logger.warning("legal pages not checked: the database does not match the models")
