"""Demo data: the plan's lendable kits with a year of bookings, and a year of interlibrary loans.

Scale 1 is a realistic AKE year: about 20 kits lent some 200 times to libraries across the region,
and about 350 interlibrary-loan requests (roughly 400 volumes). ``--scale N`` multiplies the units of
every kit, the bookings and the interlibrary loans by N over the same libraries.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from networks.models import Library, User

from .models import (
    Delivery,
    InterlibraryLoan,
    InterlibraryMonthlyTotal,
    Kit,
    KitBooking,
    KitBookingEvent,
    KitReminder,
    KitType,
    KitUnit,
    ShippingMethod,
)
from .selectors import kit_type_rules_map

ONE_DAY = datetime.timedelta(days=1)

# (type, name fi, name sv, target group fi, target group sv, units, loan days, contents, description fi)
KITS = [
    (
        KitType.DIGITAL_DEVICE,
        "Digivälinesalkku 1: tabletit",
        "Digitalväska 1: surfplattor",
        "Seniorit ja digituki",
        "Seniorer och digitalt stöd",
        2,
        21,
        "6 tablettia kuorineen\n6 latausjohtoa\nUSB-laturi 6-porttinen\nOhjevihko\nDesinfiointiliinat",
        "Kuusi tablettia digiopastukseen ja senioreiden tablettikerhoihin. Laitteissa on valmiina "
        "kirjaston e-aineistosovellukset.",
    ),
    (
        KitType.DIGITAL_DEVICE,
        "Digivälinesalkku 2: VR-lasit",
        "Digitalväska 2: VR-glasögon",
        "Nuoret ja aikuiset",
        "Unga och vuxna",
        1,
        14,
        "2 VR-lasia\n4 ohjainta\nLatausasema\nHygieniasuojat (50 kpl)\nOhjevihko",
        "Virtuaalitodellisuuslasit tapahtumiin ja Digitaitoviikolle.",
    ),
    (
        KitType.DIGITAL_DEVICE,
        "Digivälinesalkku 3: ohjelmoitavat robotit",
        "Digitalväska 3: programmerbara robotar",
        "Alakoululaiset",
        "Lågstadieelever",
        2,
        21,
        "8 robottia\n8 latausjohtoa\nTehtäväkortit\nOhjevihko opettajalle",
        "Ohjelmoinnin alkeet leikin kautta: robotit ohjelmoidaan tableteilla tai värikoodeilla.",
    ),
    (
        KitType.GAME,
        "Pelisalkku",
        "Spelväska",
        "Kaikenikäiset, Peliviikko",
        "Alla åldrar, Spelveckan",
        2,
        28,
        "Nintendo Switch ja 2 ohjainparia\n6 lautapeliä\n10 korttipeliä\nPeli-illan ohjeet",
        "Konsoli-, lauta- ja korttipelejä peli-iltoihin ja Peliviikolle marraskuussa.",
    ),
    (
        KitType.ESCAPE_GAME,
        "Pakopeli: Mediataitojen arvoitus (yläkoulu)",
        "Flyktspel: Mediekunskapens gåta (högstadiet)",
        "Yläkoululaiset",
        "Högstadieelever",
        2,
        14,
        "Lukittava laatikko ja 4 lukkoa\nVihjekortit\nUV-taskulamppu\nPelinjohtajan ohje\nPalautelomakkeet",
        "Mediataitoihin keskittyvä pakopeli yläkouluryhmille; päivitetty vuonna 2024.",
    ),
    (
        KitType.ESCAPE_GAME,
        "Pakopeli: Kadonnut kirjastokortti (alakoulu)",
        "Flyktspel: Det försvunna bibliotekskortet (lågstadiet)",
        "Alakoululaiset",
        "Lågstadieelever",
        2,
        14,
        "Lukittava laatikko ja 3 lukkoa\nTehtäväkortit\nKirjaston kartta\n"
        "Opettajan pedagoginen opas\nPalkintotarrat",
        "Uusi pedagoginen pakopeli alakoululaisille (2024): tiedonhaun taitoja kirjastossa.",
    ),
    (
        KitType.ESCAPE_GAME,
        "Pakopeli: Kirjaston salaisuus",
        "Flyktspel: Bibliotekets hemlighet",
        "Nuoret ja aikuiset",
        "Unga och vuxna",
        1,
        14,
        "Lukittava matkalaukku\n5 lukkoa\nVihjekortit\nPelinjohtajan ohje",
        "Klassinen pakopeli kirjaston tiloihin 4–6 pelaajan ryhmille.",
    ),
    (
        KitType.STORY,
        "Satusalkku: Eläinsadut",
        "Sagoväska: Djursagor",
        "Varhaiskasvatus, 3–6-vuotiaat",
        "Småbarnspedagogik, 3–6 år",
        2,
        28,
        "10 kuvakirjaa\n5 käsinukkea\nKamishibai-teatteri ja 4 tarinaa\nSatutuokion ohjeet",
        "Satutuokiot eläinten seurassa: kirjat, käsinuket ja kamishibai-kuvateatteri.",
    ),
    (
        KitType.STORY,
        "Satusalkku: Iltasadut",
        "Sagoväska: Godnattsagor",
        "Perheet",
        "Familjer",
        1,
        28,
        "12 kuvakirjaa\nUnilelu\nTähtivalo\nVinkkilista vanhemmille",
        "Iltasatukulttuurin elvyttämiseen: kampanjan materiaalit ja kirjavinkit perheille.",
    ),
    (
        KitType.STORY,
        "Sagoväska på svenska",
        "Sagoväska på svenska",
        "Svenskspråkiga barn",
        "Svenskspråkiga barn",
        1,
        28,
        "10 bilderböcker\n3 handdockor\nSagostundens anvisningar",
        "Ruotsinkielinen satusalkku kielikylpy- ja ruotsinkielisiin ryhmiin.",
    ),
    (
        KitType.REMINISCENCE,
        "Muistelusalkku: Koulumuistot",
        "Minnesväska: Skolminnen",
        "Ikäihmiset, muistisairaat",
        "Äldre, personer med minnessjukdom",
        2,
        28,
        "Vanha aapinen\nKarttakeppi\nKoulukuvia 1950-luvulta\nMustekynä ja kirjoitusvihko\nKeskustelukortit",
        "Esineitä ja kuvia 1950–60-lukujen koulusta muistelutuokioihin.",
    ),
    (
        KitType.REMINISCENCE,
        "Muistelusalkku: Kotiaskareet",
        "Minnesväska: Hemsysslor",
        "Ikäihmiset",
        "Äldre",
        1,
        28,
        "Kahvimylly\nPyykkilauta (pieni)\nReseptivihko\nValokuvia\nKeskustelukortit",
        "Arjen esineitä ja tuoksuja muisteluun palvelutaloissa ja kirjastossa.",
    ),
    (
        KitType.REMINISCENCE,
        "Muistelusalkku: Urheilu ja ulkoilu",
        "Minnesväska: Idrott och friluftsliv",
        "Ikäihmiset",
        "Äldre",
        1,
        28,
        "Olympialaisten 1952 kuvat\nPuusukset (pienoismalli)\n"
        "Urheiluselostuksia äänitteinä\nKeskustelukortit",
        "Helsingin olympialaiset 1952 ja urheilumuistot keskustelun pohjaksi.",
    ),
    (
        KitType.BABY_RHYME,
        "Vauvalorusalkku",
        "Babyramsväska",
        "Vauvaperheet",
        "Babyfamiljer",
        2,
        28,
        "Lorukortit (40)\n6 sormi-nukkea\nHuivit (10)\nRytmisoittimet\nLoruhetken ohjeet",
        "Loruhetkiin vauvoille ja vanhemmille: lorukortit, nuket ja soittimet.",
    ),
]

TITLES = [
    ("Tuntematon sotilas", "Linna, Väinö"),
    ("Sinuhe egyptiläinen", "Waltari, Mika"),
    ("Seitsemän veljestä", "Kivi, Aleksis"),
    ("Puhdistus", "Oksanen, Sofi"),
    ("Kätilö", "Kettu, Katja"),
    ("Muumipeikko ja pyrstötähti", "Jansson, Tove"),
    ("Tiikerihai", "Aho, Juhani"),
    ("Oneiron", "Lindstedt, Laura"),
    ("Lumikko ja yhdeksän muuta", "Haahtela, Joel"),
    ("Rakkaudesta tyttäreen", "Hirvonen, Elina"),
    ("Suomen linnut", "Svensson, Lars"),
    ("Turun historia", "Kallioinen, Mika"),
    ("Satakunnan kansanperinne", "Rantanen, Päivi"),
    ("Lehmäsaaren kesä", "Saarinen, Kaisa"),
    ("Mielensäpahoittaja", "Kyrö, Tuomas"),
    ("Hytti nro 6", "Liksom, Rosa"),
    ("Jäniksen vuosi", "Paasilinna, Arto"),
    ("Näkymätön Ben", "Peltonen, Juhani"),
    ("Kotiseutututkimuksen opas", "Virtanen, Hanna"),
    ("Vanhan Rauman rakennukset", "Nurmi, Tarja"),
    ("Saaristomeren kasvit", "Lindqvist, Anders"),
    ("Ruokakulttuuri Varsinais-Suomessa", "Salo, Marja"),
    ("Pohjoisen tähden alla", "Heinonen, Janne"),
    ("Selkokielinen Kalevala", "Lönnrot, Elias"),
    ("Den okända soldaten", "Linna, Väinö"),
]
OUTSIDE_LIBRARIES = [
    "Helsingin kaupunginkirjasto",
    "Tampereen kaupunginkirjasto",
    "Vaasan kaupunginkirjasto",
    "Jyväskylän kaupunginkirjasto",
    "Oulun kaupunginkirjasto",
    "Lahden kaupunginkirjasto",
]
NOT_SUPPLIED_REASONS = [
    "Lainassa, varauksia jonossa",
    "Aineisto kadonnut",
    "Ei kaukolainata (käsikirjasto)",
    "Aineisto huonokuntoinen",
]


# English names and target groups, Swedish and English descriptions of the kits above (by Finnish name).
KIT_TRANSLATIONS = {
    "Digivälinesalkku 1: tabletit": (
        "Digital kit 1: tablets",
        "Seniors and digital support",
        "Sex surfplattor för digital handledning och seniorernas surfplatteklubbar. Bibliotekets "
        "e-tjänster är färdigt installerade.",
        "Six tablets for digital guidance and seniors' tablet clubs, with the library's e-resource apps "
        "installed.",
    ),
    "Digivälinesalkku 2: VR-lasit": (
        "Digital kit 2: VR headsets",
        "Young people and adults",
        "VR-glasögon för evenemang och Digitalkunskapsveckan.",
        "Virtual reality headsets for events and the Digital Skills Week.",
    ),
    "Digivälinesalkku 3: ohjelmoitavat robotit": (
        "Digital kit 3: programmable robots",
        "Primary school pupils",
        "Grunderna i programmering genom lek: robotarna programmeras med surfplattor eller färgkoder.",
        "Coding basics through play: the robots are programmed with tablets or colour codes.",
    ),
    "Pelisalkku": (
        "Games kit",
        "All ages, Games Week",
        "Konsol-, bräd- och kortspel för spelkvällar och Spelveckan i november.",
        "Console, board and card games for game nights and the Games Week in November.",
    ),
    "Pakopeli: Mediataitojen arvoitus (yläkoulu)": (
        "Escape game: The media literacy riddle (lower secondary)",
        "Lower secondary pupils",
        "Ett flyktspel om mediekunskap för högstadiegrupper; uppdaterat 2024.",
        "An escape game on media literacy for lower secondary groups; updated in 2024.",
    ),
    "Pakopeli: Kadonnut kirjastokortti (alakoulu)": (
        "Escape game: The lost library card (primary)",
        "Primary school pupils",
        "Ett nytt pedagogiskt flyktspel för lågstadieelever (2024): informationssökning i biblioteket.",
        "A new educational escape game for primary pupils (2024): searching for information in the library.",
    ),
    "Pakopeli: Kirjaston salaisuus": (
        "Escape game: The secret of the library",
        "Young people and adults",
        "Ett klassiskt flyktspel i bibliotekets lokaler för grupper på 4–6 spelare.",
        "A classic escape game in the library's rooms for groups of 4–6 players.",
    ),
    "Satusalkku: Eläinsadut": (
        "Story kit: Animal tales",
        "Early childhood education, ages 3–6",
        "Sagostunder med djur: böcker, handdockor och kamishibai-bildteater.",
        "Story times with animals: books, hand puppets and kamishibai picture theatre.",
    ),
    "Satusalkku: Iltasadut": (
        "Story kit: Bedtime stories",
        "Families",
        "För att väcka godnattsagorna till liv: kampanjens material och boktips för familjer.",
        "Reviving the bedtime story: the campaign's materials and book tips for families.",
    ),
    "Sagoväska på svenska": (
        "Story kit in Swedish",
        "Swedish-speaking children",
        "En sagoväska på svenska för språkbads- och svenskspråkiga grupper.",
        "A story kit in Swedish for language immersion and Swedish-speaking groups.",
    ),
    "Muistelusalkku: Koulumuistot": (
        "Reminiscence kit: School memories",
        "Older people, people with memory disorders",
        "Föremål och bilder från 1950- och 60-talets skola för minnesstunder.",
        "Objects and pictures from the school of the 1950s and 60s for reminiscence sessions.",
    ),
    "Muistelusalkku: Kotiaskareet": (
        "Reminiscence kit: Household chores",
        "Older people",
        "Vardagsföremål och dofter för minnesstunder på servicehus och i biblioteket.",
        "Everyday objects and scents for reminiscence in service homes and in the library.",
    ),
    "Muistelusalkku: Urheilu ja ulkoilu": (
        "Reminiscence kit: Sports and outdoors",
        "Older people",
        "Olympiska spelen i Helsingfors 1952 och idrottsminnen som grund för samtal.",
        "The Helsinki Olympics of 1952 and sports memories to start a conversation.",
    ),
    "Vauvalorusalkku": (
        "Baby rhymes kit",
        "Families with babies",
        "För ramsstunder för bebisar och föräldrar: ramskort, dockor och instrument.",
        "For rhyme times for babies and parents: rhyme cards, puppets and instruments.",
    ),
}


# The contents lists of the kits above in Swedish and English (by Finnish name).
KIT_CONTENTS = {
    "Digivälinesalkku 1: tabletit": (
        "6 surfplattor med skal\n6 laddsladdar\n"
        "USB-laddare med 6 portar\nInstruktionshäfte\nDesinfektionsservetter",
        "6 tablets with cases\n6 charging cables\n"
        "6-port USB charger\nInstruction booklet\nDisinfecting wipes",
    ),
    "Digivälinesalkku 2: VR-lasit": (
        "2 VR-glasögon\n4 handkontroller\nLaddstation\nHygienskydd (50 st.)\nInstruktionshäfte",
        "2 VR headsets\n4 controllers\nCharging station\nHygiene covers (50)\nInstruction booklet",
    ),
    "Digivälinesalkku 3: ohjelmoitavat robotit": (
        "8 robotar\n8 laddsladdar\nUppgiftskort\nInstruktionshäfte för läraren",
        "8 robots\n8 charging cables\nTask cards\nInstruction booklet for the teacher",
    ),
    "Pelisalkku": (
        "Nintendo Switch och 2 par handkontroller\n6 brädspel\n10 kortspel\nAnvisningar för en spelkväll",
        "Nintendo Switch and 2 pairs of controllers\n6 board games\n10 card games\nGame night instructions",
    ),
    "Pakopeli: Mediataitojen arvoitus (yläkoulu)": (
        "Låsbar låda och 4 lås\nLedtrådskort\nUV-ficklampa\nSpelledarens anvisningar\nResponsblanketter",
        "Lockable box and 4 locks\nClue cards\nUV torch\nGame master's guide\nFeedback forms",
    ),
    "Pakopeli: Kadonnut kirjastokortti (alakoulu)": (
        "Låsbar låda och 3 lås\nUppgiftskort\nKarta över biblioteket\nPedagogisk handledning för läraren"
        "\nBelöningsklistermärken",
        "Lockable box and 3 locks\nTask cards\n"
        "Map of the library\nTeacher's educational guide\nReward stickers",
    ),
    "Pakopeli: Kirjaston salaisuus": (
        "Låsbar resväska\n5 lås\nLedtrådskort\nSpelledarens anvisningar",
        "Lockable suitcase\n5 locks\nClue cards\nGame master's guide",
    ),
    "Satusalkku: Eläinsadut": (
        "10 bilderböcker\n5 handdockor\nKamishibai-teater och 4 berättelser\nAnvisningar för sagostunden",
        "10 picture books\n5 hand puppets\nKamishibai theatre and 4 stories\nStory time instructions",
    ),
    "Satusalkku: Iltasadut": (
        "12 bilderböcker\nGosedjur\nStjärnlampa\nTipslista för föräldrar",
        "12 picture books\nCuddly toy\nStar light\nTips for parents",
    ),
    "Sagoväska på svenska": (
        "10 bilderböcker\n3 handdockor\nSagostundens anvisningar",
        "10 picture books\n3 hand puppets\nStory time instructions",
    ),
    "Muistelusalkku: Koulumuistot": (
        "En gammal ABC-bok\nPekpinne\n"
        "Skolfotografier från 1950-talet\nBläckpenna och skrivhäfte\nSamtalskort",
        "An old ABC book\nPointer\nSchool photographs from the 1950s\nInk pen and exercise book\n"
        "Conversation cards",
    ),
    "Muistelusalkku: Kotiaskareet": (
        "Kaffekvarn\nTvättbräde (litet)\nReceptbok\nFotografier\nSamtalskort",
        "Coffee grinder\nWashboard (small)\nRecipe book\nPhotographs\nConversation cards",
    ),
    "Muistelusalkku: Urheilu ja ulkoilu": (
        "Bilder från OS 1952\nTräskidor (miniatyr)\nInspelade sportreferat\nSamtalskort",
        "Pictures of the 1952 Olympics\nWooden skis (model)\n"
        "Recorded sports commentaries\nConversation cards",
    ),
    "Vauvalorusalkku": (
        "Ramskort (40)\n6 fingerdockor\nSjalar (10)\nRytminstrument\nAnvisningar för ramsstunden",
        "Rhyme cards (40)\n6 finger puppets\nScarves (10)\nPercussion instruments\nRhyme time instructions",
    ),
}


def _library_weights(libraries: list[Library]) -> list[float]:
    # Larger municipalities book more; population is in the registry for most libraries.
    return [max(library.population or 5000, 2000) ** 0.6 for library in libraries]


def load(ctx) -> None:
    today = timezone.localdate()
    libraries = list(Library.objects.organisations().order_by("name_fi"))
    weights = _library_weights(libraries)
    staff_by_library: dict[int, list[int]] = defaultdict(list)
    for user_id, library_id, parent_id in User.objects.filter(library__isnull=False).values_list(
        "pk", "library_id", "library__parent_id"
    ):
        staff_by_library[parent_id or library_id].append(user_id)
    ake_user = User.objects.filter(email="editor@turku.fi").first()
    kits = _load_kits(ctx)
    bookings = _load_bookings(ctx, kits, libraries, weights, staff_by_library, ake_user, today)
    ctx.log(f"  {len(kits)} kits, {KitUnit.objects.count()} units, {bookings} bookings")
    loans, volumes = _load_interlibrary(ctx, libraries, weights, staff_by_library, today)
    ctx.log(f"  {loans} interlibrary-loan requests, {volumes} volumes sent")


def _load_kits(ctx) -> list[Kit]:
    kits = []
    units = []
    for kit_type, name_fi, name_sv, group_fi, group_sv, unit_count, loan_days, contents, description in KITS:
        name_en, group_en, description_sv, description_en = KIT_TRANSLATIONS[name_fi]
        contents_sv, contents_en = KIT_CONTENTS[name_fi]
        kit = Kit.objects.create(
            name_fi=name_fi,
            name_sv=name_sv,
            name_en=name_en,
            kit_type=kit_type,
            description_fi=description,
            description_sv=description_sv,
            description_en=description_en,
            target_group_fi=group_fi,
            target_group_sv=group_sv,
            target_group_en=group_en,
            contents_fi=contents,
            contents_sv=contents_sv,
            contents_en=contents_en,
            default_loan_days=loan_days,
        )
        kits.append(kit)
        for number in range(1, unit_count * ctx.scale + 1):
            units.append(KitUnit(kit=kit, code=str(number)))
    # One unit of a kit is in repair, as always happens somewhere.
    units[1].state = KitUnit.State.IN_REPAIR
    KitUnit.objects.bulk_create(units, batch_size=500)
    return kits


def _load_bookings(ctx, kits, libraries, weights, staff_by_library, ake_user, today) -> int:
    rng = ctx.rng
    rules = kit_type_rules_map()
    year_start = datetime.date(ctx.year, 1, 1)
    year_end = datetime.date(ctx.year, 12, 31)
    bookings: list[KitBooking] = []
    for kit in kits:
        rule = rules[kit.kit_type]
        for unit in kit.units.filter(state=KitUnit.State.AVAILABLE):
            # Each unit goes out some six to eight times a year, with pauses between loans.
            pickup = year_start + ONE_DAY * rng.randint(3, 30)
            while True:
                loan_days = rng.randint(max(5, kit.default_loan_days - 7), kit.default_loan_days)
                return_date = pickup + ONE_DAY * (loan_days - 1)
                delivery = Delivery.COURIER if rng.random() < 0.7 else Delivery.COLLECTED
                blocked_start, blocked_end = rule.blocked_range(
                    pickup_date=pickup, return_date=return_date, delivery=delivery
                )
                if blocked_start < year_start:
                    pickup += ONE_DAY * 3
                    continue
                if return_date > year_end:
                    break
                library = rng.choices(libraries, weights)[0]
                staff = staff_by_library.get(library.pk) or [None]
                bookings.append(
                    KitBooking(
                        kit=kit,
                        unit=unit,
                        library=library,
                        booked_by_id=rng.choice(staff),
                        pickup_date=pickup,
                        return_date=return_date,
                        delivery=delivery,
                        status=_status_for(pickup, return_date, today, rng),
                        blocked_start=blocked_start,
                        blocked_end=blocked_end,
                        notes=rng.choice(
                            ["", "", "", "Satutunnille", "Koululuokan vierailu", "Digitaitoviikko"]
                        ),
                        created_at=timezone.make_aware(
                            datetime.datetime.combine(
                                pickup - ONE_DAY * rng.randint(7, 60), datetime.time(10)
                            )
                        ),
                    )
                )
                # The next loan's transit days must start after this one's blocked range.
                pickup = blocked_end + ONE_DAY * (1 + rule.transit_days + rng.randint(0, 25))
    # A few cancelled bookings: they hold no unit, so they may lie anywhere.
    for _index in range(8 * ctx.scale):
        kit = rng.choice(kits)
        pickup = year_start + ONE_DAY * rng.randint(10, 340)
        library = rng.choice(libraries)
        bookings.append(
            KitBooking(
                kit=kit,
                unit=kit.units.first(),
                library=library,
                booked_by_id=rng.choice(staff_by_library.get(library.pk) or [None]),
                pickup_date=pickup,
                return_date=pickup + ONE_DAY * 10,
                delivery=Delivery.COURIER,
                status=KitBooking.Status.CANCELLED,
                blocked_start=pickup,
                blocked_end=pickup + ONE_DAY * 12,
                decision_reason="Tapahtuma peruttiin",
            )
        )
    for booking in bookings:
        if booking.status == KitBooking.Status.RETURNED:
            booking.returned_on = booking.return_date + ONE_DAY * rng.choice([0, 0, 0, 1, 2])
            if rng.random() < 0.1:
                booking.missing_contents = rng.choice(
                    ["Ohjevihko", "1 noppa", "Latausjohto", "Vihjekortti 3"]
                )
            booking.condition_notes = rng.choice(["", "", "Kunnossa", "Laatikon kulma kulunut"])
            booking.handed_over_at = booking.created_at
        elif booking.status == KitBooking.Status.HANDED_OVER:
            booking.handed_over_at = booking.created_at
        elif booking.status == KitBooking.Status.REQUESTED:
            booking.rule_notes = "Laina on pidempi kuin lajin pisin laina-aika."
    created = KitBooking.objects.bulk_create(bookings, batch_size=500)
    events, reminders = [], []
    for booking in created:
        at = booking.created_at
        events.append(
            KitBookingEvent(
                booking=booking, kind=KitBookingEvent.Kind.CREATED, at=at, by_id=booking.booked_by_id
            )
        )
        if booking.status in (KitBooking.Status.HANDED_OVER, KitBooking.Status.RETURNED):
            handed = timezone.make_aware(datetime.datetime.combine(booking.pickup_date, datetime.time(9)))
            events.append(
                KitBookingEvent(
                    booking=booking, kind=KitBookingEvent.Kind.HANDED_OVER, at=handed, by=ake_user
                )
            )
        if booking.status == KitBooking.Status.RETURNED:
            back = timezone.make_aware(datetime.datetime.combine(booking.returned_on, datetime.time(14)))
            note = f"Puuttuu: {booking.missing_contents}" if booking.missing_contents else ""
            events.append(
                KitBookingEvent(
                    booking=booking, kind=KitBookingEvent.Kind.RETURNED, at=back, by=ake_user, note=note
                )
            )
        if booking.status == KitBooking.Status.CANCELLED:
            events.append(
                KitBookingEvent(
                    booking=booking, kind=KitBookingEvent.Kind.CANCELLED, at=at, by_id=booking.booked_by_id
                )
            )
        if booking.status == KitBooking.Status.CONFIRMED:
            reminders.append(
                KitReminder(
                    booking=booking, kind=KitReminder.Kind.PICKUP, due_on=booking.pickup_date - ONE_DAY * 2
                )
            )
        if booking.status in (KitBooking.Status.CONFIRMED, KitBooking.Status.HANDED_OVER):
            reminders.append(
                KitReminder(
                    booking=booking, kind=KitReminder.Kind.RETURN, due_on=booking.return_date - ONE_DAY * 2
                )
            )
    KitBookingEvent.objects.bulk_create(events, batch_size=1000)
    KitReminder.objects.bulk_create(reminders, batch_size=1000)
    return len(created)


def _status_for(pickup, return_date, today, rng) -> str:
    if return_date < today:
        # One loan in a hundred is still out after its return day: the overdue list has something.
        return KitBooking.Status.HANDED_OVER if rng.random() < 0.01 else KitBooking.Status.RETURNED
    if pickup <= today:
        return KitBooking.Status.HANDED_OVER
    return KitBooking.Status.REQUESTED if rng.random() < 0.08 else KitBooking.Status.CONFIRMED


def _load_interlibrary(ctx, libraries, weights, staff_by_library, today) -> tuple[int, int]:
    """About 350 requests a year per scale; January to March of the outside libraries came from
    the library system as monthly totals, so those months have no per-loan rows for them."""
    rng = ctx.rng
    year_start = datetime.date(ctx.year, 1, 1)
    loans = []
    for number in range(350 * ctx.scale):
        requested_on = year_start + ONE_DAY * rng.randint(0, 364)
        if requested_on > today:
            continue
        outside = rng.random() < 0.15
        if outside and requested_on.month <= 3:
            continue
        library = None if outside else rng.choices(libraries, weights)[0]
        title, author = rng.choice(TITLES)
        first, last = ctx.person_name()
        staff = staff_by_library.get(library.pk) if library else None
        loan = InterlibraryLoan(
            title=title,
            author=author,
            identifier=f"978951{rng.randint(1000000, 9999999)}",
            library=library,
            outside_library=rng.choice(OUTSIDE_LIBRARIES) if outside else "",
            contact_name=f"{first} {last}",
            contact_email=f"{first}.{last}@example.fi".lower().translate(str.maketrans("äöå", "aoa")),
            requested_by_id=rng.choice(staff) if staff and rng.random() < 0.3 else None,
            requested_on=requested_on,
            external_id=f"DEMO-{ctx.year}-{number:05d}",
        )
        roll = rng.random()
        sent_on = requested_on + ONE_DAY * rng.randint(1, 5)
        if roll < 0.08:
            loan.status = InterlibraryLoan.Status.NOT_SUPPLIED
            loan.not_supplied_reason = rng.choice(NOT_SUPPLIED_REASONS)
        elif sent_on > today:
            loan.status = InterlibraryLoan.Status.RECEIVED
        else:
            loan.sent_on = sent_on
            loan.volumes = rng.choices([1, 2, 3, 4], [80, 12, 5, 3])[0]
            courier = library is not None and library.region == "varsinais-suomi" and rng.random() < 0.5
            loan.shipping_method = ShippingMethod.COURIER if courier else ShippingMethod.POST
            loan.postage_cost = Decimal("0") if courier else Decimal(rng.choice(["4.90", "6.90", "8.90"]))
            returned_on = sent_on + ONE_DAY * rng.randint(21, 42)
            if returned_on <= today:
                loan.status = InterlibraryLoan.Status.RETURNED
                loan.returned_on = returned_on
            else:
                loan.status = InterlibraryLoan.Status.SENT
        loans.append(loan)
    InterlibraryLoan.objects.bulk_create(loans, batch_size=1000)
    totals = [
        InterlibraryMonthlyTotal(
            year=ctx.year,
            month=month,
            library=None,
            volumes=rng.randint(4, 9) * ctx.scale,
            cost=Decimal(rng.randint(30, 60) * ctx.scale),
            note="Kirjastojärjestelmän kuukausiraportista",
        )
        for month in (1, 2, 3)
        if datetime.date(ctx.year, month, 1) <= today
    ]
    InterlibraryMonthlyTotal.objects.bulk_create(totals)
    sent_volumes = sum(loan.volumes for loan in loans if loan.sent_on) + sum(
        total.volumes for total in totals
    )
    return len(loans), sent_volumes
