"""Descriptions of the plan's working groups and networks (plan §3.2, §3.3), in Finnish and Swedish."""

from django.db import migrations

DESCRIPTIONS = {
    "suunnitteluryhma": (
        "Ryhmä tukee Turun kaupunginkirjaston alueellista kehittämistoimintaa ja linjaa sille suuntaviivat. "
        "Ryhmässä käsitellään kehittämistehtävän vuosittaisia painopisteitä ja toimintasuunnitelmaa "
        "(ml. rahoitus ja resurssit), alueen kirjastojen yhteisiä hankesuunnitelmia, osaamisen kehittämisen "
        "painopisteitä sekä AKE-toiminnan seurantaa. Ryhmä kokoontuu 2–4 kertaa vuodessa. Pysyvä edustus on "
        "Turun ja Porin kaupunginkirjastoista sekä Lounais-Suomen aluehallintovirastosta; kirjastokimpat "
        "(Blanka, Loisto, Sata, Vaski) ja kimppoihin kuulumaton Someron kaupunginkirjasto voivat nimetä "
        "vaihtuvan edustajan kahden vuoden kaudeksi.",
        "Gruppen stöder Åbo stadsbiblioteks regionala utvecklingsuppdrag och drar upp riktlinjerna för det. "
        "Gruppen behandlar utvecklingsuppdragets årliga tyngdpunkter och verksamhetsplan (inklusive "
        "finansiering och resurser), bibliotekens gemensamma projektplaner, tyngdpunkterna för "
        "kompetensutvecklingen samt uppföljningen av verksamheten. Gruppen sammanträder 2–4 gånger per år. "
        "Åbo och Björneborgs stadsbibliotek samt Regionförvaltningsverket i Sydvästra Finland är permanent "
        "representerade; bibliotekssamarbetena (Blanka, Loisto, Sata, Vaski) och Somero stadsbibliotek, som "
        "inte hör till något samarbete, kan utse en roterande representant för två år.",
        False,
    ),
    "nakyvyystyoryhma": (
        "Työryhmä edistää kirjastojen näkyvyyttä ja vaikuttavuutta, tuottaa sitä tukevia materiaaleja ja "
        "kampanjoita sekä ideoi aiheeseen liittyviä koulutuksia. Ryhmä suunnittelee ja toteuttaa alueen "
        "kirjastojen ja valtakunnallista kehittämistehtävää hoitavan kirjaston yhteisen messuosaston Turun "
        "kirjamessuille. Jäseneksi voivat ilmoittautua kaikki viestinnästä, markkinoinnista ja vaikuttavuudesta "
        "kiinnostuneet Varsinais-Suomen ja Satakunnan kirjastotyöntekijät. Ryhmä kokoontuu 2–3 kertaa "
        "vuodessa; muuten työtä tehdään verkossa ja pienryhmissä.",
        "Arbetsgruppen främjar bibliotekens synlighet och genomslag, tar fram material och kampanjer som "
        "stöder det och idégenererar utbildningar i ämnet. Gruppen planerar och genomför regionens och det "
        "nationella utvecklingsuppdragets gemensamma monter på Bokmässan i Åbo. Alla biblioteksanställda i "
        "Egentliga Finland och Satakunta som är intresserade av kommunikation, marknadsföring och genomslag "
        "kan anmäla sig som medlemmar. Gruppen sammanträder 2–3 gånger per år; däremellan arbetar den på "
        "nätet och i smågrupper.",
        False,
    ),
    "varsat": (
        "VarSat-verkosto tarjoaa vertaistukea kaikille alueen lasten- ja nuortenkirjastotyötä tekeville ja "
        "levittää hyviksi todettuja käytänteitä. Verkosto on avoin kaikille lasten- ja nuortenkirjastotyötä "
        "tekeville; sähköpostilistalla ja Teams-työtilassa on vähintään yksi jäsen jokaisesta alueen "
        "kirjastosta. Toimintaa suunnittelevassa ydinryhmässä on edustajat Blanka-, Loisto-, Sata- ja "
        "Vaski-kirjastoista. Ydinryhmä järjestää verkostolle tapaamisia 3–4 kertaa vuodessa sekä "
        "vapaamuotoisia aamukahvihetkiä, ja vastaa kirjavinkkaripankista sekä satu- ja vauvalorusalkuista.",
        "VarSat-nätverket erbjuder kamratstöd till alla som arbetar med barn- och ungdomsbiblioteksverksamhet "
        "i regionen och sprider beprövade arbetssätt. Nätverket är öppet för alla som arbetar med barn och "
        "unga; på e-postlistan och i Teams-arbetsytan finns minst en medlem från varje bibliotek i regionen. "
        "Kärngruppen, som planerar verksamheten, har representanter från Blanka-, Loisto-, Sata- och "
        "Vaski-biblioteken. Kärngruppen ordnar träffar för nätverket 3–4 gånger per år och informella "
        "morgonkaffestunder, och ansvarar för boktipsbanken samt sago- och babyramsväskorna.",
        True,
    ),
    "digityoryhma": (
        "Digityöryhmä on avoin kaikille uusista teknologioista ja digitaalisten kirjastopalvelujen "
        "kehittämisestä kiinnostuneille alueen kirjastojen työntekijöille. Ryhmä kokoontuu vähintään kahdesti "
        "vuodessa keskustelemaan kirjastoissa annettavasta digituesta ja digitaalisesta kehityksestä, ja "
        "vuosittain järjestetään toimintapäivä. Ryhmä ideoi ja tukee valtakunnallisia teemaviikkoja: "
        "Mediakasvatusviikko helmikuussa, Digitaitoviikko toukokuussa, Senior Surf lokakuussa ja Peliviikko "
        "marraskuussa. Noin kuukautta ennen kutakin viikkoa AKE järjestää koulutus- tai keskustelutilaisuuden.",
        "Den digitala arbetsgruppen är öppen för alla anställda vid regionens bibliotek som är intresserade "
        "av ny teknik och av att utveckla digitala bibliotekstjänster. Gruppen träffas minst två gånger per år "
        "för att diskutera digitalt stöd på biblioteken och den digitala utvecklingen, och en gång per år "
        "ordnas en aktivitetsdag. Gruppen idégenererar och stöder de nationella temaveckorna: "
        "Mediefostransveckan i februari, Digikunskapsveckan i maj, Senior Surf i oktober och Spelveckan i "
        "november. Ungefär en månad före varje vecka ordnar AKE en utbildning eller ett diskussionstillfälle.",
        True,
    ),
    "moninaisuustyoryhma": (
        "Moninaisuustyöryhmä perustettiin vuonna 2023 alueen kirjastojen toiveesta. Ryhmä kehittää aikuisten "
        "erityisryhmien palveluita – esimerkiksi monikulttuurisille, ikääntyneille ja kehitysvammaisille "
        "asiakkaille – tavoitteenaan mahdollisimman saavutettavat kirjastopalvelut kaikille. Ryhmä suunnittelee "
        "opintoretken sekä yhteiset koulutus- ja kehittämispäivät ja pitää vähintään kaksi kokousta vuodessa "
        "sekä epämuodollisempia etätapaamisia hyvien käytäntöjen jakamiseksi.",
        "Arbetsgruppen för mångfald grundades 2023 på önskemål från regionens bibliotek. Gruppen utvecklar "
        "tjänster för vuxna specialgrupper – till exempel mångkulturella och äldre kunder samt kunder med "
        "intellektuell funktionsnedsättning – med målet att bibliotekstjänsterna ska vara så tillgängliga som "
        "möjligt för alla. Gruppen planerar en studieresa och gemensamma utbildnings- och utvecklingsdagar, "
        "och håller minst två möten per år samt informella distansträffar för att dela goda arbetssätt.",
        False,
    ),
    "tapahtumaverkosto": (
        "Tapahtumaverkosto syntyi Uudet ilmiöt tutuksi kirjastossa- ja Nyt tapahtuu -projektien tuloksena. "
        "Verkosto on yhteisen ideoinnin ja vertaistuen kanava tapahtumien parissa työskenteleville: kirjastot "
        "jakavat hyviä käytäntöjä, etsivät yhteistyökumppaneita, toteuttavat yhteisiä tapahtumasarjoja ja "
        "voivat jakaa esimerkiksi kirjailijavierailujen kustannuksia. Etätapaamisten ja Teams-työtilan lisäksi "
        "verkosto tapaa lähikoulutusten yhteydessä.",
        "Evenemangsnätverket växte fram ur projekten Uudet ilmiöt tutuksi kirjastossa och Nyt tapahtuu. "
        "Nätverket är en kanal för gemensamt idéarbete och kamratstöd för dem som arbetar med evenemang: "
        "biblioteken delar goda arbetssätt, söker samarbetspartner, genomför gemensamma evenemangsserier och "
        "kan dela till exempel kostnaderna för författarbesök. Utöver distansträffar och Teams-arbetsytan "
        "träffas nätverket i samband med närutbildningar.",
        True,
    ),
    "ake-svenska": (
        "Ruotsinkielisten kehittämistehtävien yhteistyöryhmä (Svenska samarbetsgruppen för "
        "utvecklingsuppdrag, ÅKE) kokoaa yhteen Turun, Helsingin, Porvoon ja Vaasan kaupunginkirjastot sekä "
        "Länsi- ja Sisä-Suomen aluehallintoviraston ruotsinkielisen sivistystoimen yksikön. Ryhmä suunnittelee "
        "ja järjestää ruotsinkielisiä täydennyskoulutuksia ja koordinoi ruotsinkielisten palvelujen ja "
        "henkilökunnan osaamisen kehittämistä valtakunnallisesti. Yksi painopiste on kielisaarekekuntien "
        "Kaarinan, Porin ja Salon ruotsinkielisten kirjastopalvelujen tukeminen.",
        "Svenska samarbetsgruppen för utvecklingsuppdrag (ÅKE) samlar stadsbiblioteken i Åbo, Helsingfors, "
        "Borgå och Vasa samt enheten för svenskspråkig bildningsverksamhet vid Regionförvaltningsverket i "
        "Västra och Inre Finland. Gruppen planerar och ordnar fortbildning på svenska och koordinerar "
        "utvecklingen av de svenskspråkiga tjänsterna och personalens kompetens på nationell nivå. En "
        "tyngdpunkt är att stödja de svenskspråkiga bibliotekstjänsterna i språköskommunerna S:t Karins, "
        "Björneborg och Salo.",
        False,
    ),
    "svenska-gruppen": (
        "Turun kaupunginkirjaston ruotsinkielinen työryhmä. Alueen kirjastoissa työskentelevä ruotsin- ja "
        "kaksikielinen henkilöstö voi osallistua ryhmän kokouksiin sekä vaihtaa tietoja ja kokemuksia. "
        "Kaksikielisten kuntien Paraisten ja Kemiönsaaren kirjastojen kanssa järjestetään tarpeen mukaan "
        "tapaamisia kaksikielisten kirjastopalvelujen kehittämisestä.",
        "Åbo stadsbiblioteks svenskspråkiga arbetsgrupp. Svensk- och tvåspråkig personal vid regionens "
        "bibliotek kan delta i gruppens möten och utbyta information och erfarenheter. Med biblioteken i de "
        "tvåspråkiga kommunerna Pargas och Kimitoön ordnas vid behov träffar om utvecklingen av tvåspråkiga "
        "bibliotekstjänster.",
        True,
    ),
}
# The plan gives VarSat 3-4 meetings and the planning group 2-4: the goal is the lower bound.
MEETING_GOALS = {"varsat": 3}


def describe_groups(apps, schema_editor):
    WorkingGroup = apps.get_model("networks", "WorkingGroup")
    for group in WorkingGroup.objects.filter(slug__in=DESCRIPTIONS):
        description_fi, description_sv, open_to_join = DESCRIPTIONS[group.slug]
        # What AKE has already written in the admin stays.
        group.description_fi = group.description_fi or description_fi
        group.description_sv = group.description_sv or description_sv
        group.open_to_join = open_to_join
        group.meeting_goal = MEETING_GOALS.get(group.slug, group.meeting_goal)
        group.save()


class Migration(migrations.Migration):
    dependencies = [("networks", "0005_groups_joining_plans")]

    operations = [migrations.RunPython(describe_groups, migrations.RunPython.noop)]
