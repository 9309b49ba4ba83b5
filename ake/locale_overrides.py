"""Our wording for messages of Django's and Wagtail's own catalogs (issue #15, item 12).

ake/locale is the first of LOCALE_PATHS, so its translations win over every other catalog. The
msgids below are marked here only so that ``make messages`` keeps them in ake/locale; their Finnish
(and Swedish) corrections live there:

* "May": Django's Finnish catalog gives the month name as the abbreviation "touko", so a month list
  read "touko 2027" among "huhtikuu 2027" and "kesäkuu 2027".
* "Filter": Wagtail's "Suodatin" (a noun) on the button that applies the filters; "Suodata".
* The admin's messages about a record: Wagtail puts the model's name in the nominative where Finnish
  needs another case ("Tapahtuma ei voitu luoda"); ours are worded so that the name stays nominative.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("May"),
    gettext_noop("Filter"),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
]
