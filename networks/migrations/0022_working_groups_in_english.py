"""The plan's working groups and networks in English (issue #14): their names and descriptions.

The groups are created by migrations (networks.registry, 0006), so an existing database gets the
English texts here too. What AKE has already written in the admin stays.
"""

from django.db import migrations

ENGLISH = {
    "suunnitteluryhma": (
        "Regional planning, development and monitoring group",
        "The group supports Turku City Library's regional development task and sets its direction. It "
        "discusses the task's yearly priorities and action plan (including funding and resources), the "
        "libraries' joint project plans, the priorities of staff development and the monitoring of AKE's "
        "work. The group meets 2–4 times a year. Turku and Pori City Libraries and the Regional State "
        "Administrative Agency for Southwestern Finland are permanently represented; the library consortia "
        "(Blanka, Loisto, Sata, Vaski) and Somero City Library, which belongs to no consortium, may each "
        "name a rotating representative for two years.",
    ),
    "nakyvyystyoryhma": (
        "Library visibility working group",
        "The working group promotes the visibility and impact of libraries, produces materials and "
        "campaigns that support them and comes up with trainings on the subject. It plans and runs the "
        "joint stand of the region's libraries and the national development task at the Turku Book Fair. "
        "Any library worker in Varsinais-Suomi and Satakunta interested in communication, marketing and "
        "impact can join. The group meets 2–3 times a year; in between it works online and in small groups.",
    ),
    "varsat": (
        "VarSat core group and network",
        "The VarSat network offers peer support to everyone working with children and young people in the "
        "region's libraries and spreads practices that have proved good. The network is open to all of "
        "them; its mailing list and Teams workspace have at least one member from every library of the "
        "region. The core group that plans the activities has representatives of the Blanka, Loisto, Sata "
        "and Vaski libraries. It holds meetings for the network 3–4 times a year and informal morning "
        "coffees, and looks after the book-talk bank and the story and baby-rhyme kits.",
    ),
    "digityoryhma": (
        "Digital working group",
        "The digital working group is open to all staff of the region's libraries who are interested in new "
        "technologies and in developing digital library services. It meets at least twice a year to discuss "
        "digital support in libraries and digital developments, and holds an action day once a year. The "
        "group plans and supports the national theme weeks: Media Literacy Week in February, Digital Skills "
        "Week in May, Senior Surf in October and Games Week in November. About a month before each week AKE "
        "holds a training or a discussion.",
    ),
    "moninaisuustyoryhma": (
        "Diversity working group",
        "The diversity working group was founded in 2023 at the wish of the region's libraries. It develops "
        "services for adult special groups – for example multicultural and older customers and customers "
        "with intellectual disabilities – so that library services are as accessible as possible for "
        "everyone. The group plans a study trip and joint training and development days, and holds at least "
        "two meetings a year as well as informal remote meetings to share good practices.",
    ),
    "tapahtumaverkosto": (
        "Events network",
        "The events network grew out of the projects Uudet ilmiöt tutuksi kirjastossa and Nyt tapahtuu. It "
        "is a channel of shared ideas and peer support for those who work with events: libraries share good "
        "practices, look for partners, put on joint series of events and can share costs such as authors' "
        "visits. Besides remote meetings and its Teams workspace, the network meets at in-person trainings.",
    ),
    "ake-svenska": (
        "ÅKE – Swedish-language cooperation group of the development tasks",
        "The Swedish-language cooperation group of the regional development tasks (Svenska samarbetsgruppen "
        "för utvecklingsuppdrag, ÅKE) brings together the city libraries of Turku, Helsinki, Porvoo and "
        "Vaasa and the Swedish-language education and culture unit of the Regional State Administrative "
        "Agency for Western and Inland Finland. The group plans and holds continuing training in Swedish and "
        "coordinates the development of Swedish-language services and staff skills nationwide. One priority "
        "is supporting Swedish-language library services in the language-island municipalities Kaarina, "
        "Pori and Salo.",
    ),
    "svenska-gruppen": (
        "Swedish group",
        "Turku City Library's Swedish-language working group. Swedish-speaking and bilingual staff of the "
        "region's libraries can take part in its meetings and share information and experience. Meetings on "
        "developing bilingual library services are held as needed with the libraries of the bilingual "
        "municipalities Parainen and Kemiönsaari.",
    ),
}


def in_english(apps, schema_editor):
    WorkingGroup = apps.get_model("networks", "WorkingGroup")  # noqa: N806 - a model class
    for group in WorkingGroup.objects.filter(slug__in=ENGLISH):
        name, description = ENGLISH[group.slug]
        group.name_en = group.name_en or name
        group.description_en = group.description_en or description
        # The Swedish name of Satakunta is Satakunda (0006 wrote the Finnish one into a Swedish text).
        group.description_sv = (group.description_sv or "").replace(
            "Egentliga Finland och Satakunta", "Egentliga Finland och Satakunda"
        )
        group.save(update_fields=["name_en", "description_en", "description_sv"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0021_translated_schedule_partnerships_book_fair")]

    operations = [migrations.RunPython(in_english, migrations.RunPython.noop)]
