"""Demo data: the site's navigation and legal pages (issue #15, items 10 and 11).

A loader of its own, so that a database loaded before these existed gets them on the next
``demo_data`` too: the section pages are shown in the menus, and the accessibility statement and the
privacy notice exist in every language whose page tree has a home page.
"""

MENU_SLUGS = {"tietoa", "yhteystiedot"}


def load(ctx) -> None:
    from wagtail.models import Site

    from .legal import legal_pages_ensure
    from .models import MaterialBankPage, NoticeIndexPage, StandardPage, TrainingArchivePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    sections = home.get_children().type(NoticeIndexPage, MaterialBankPage, TrainingArchivePage)
    about = home.get_children().type(StandardPage).filter(slug__in=MENU_SLUGS)
    for section in [*sections, *about]:
        # Translations too: the menu shows each page in the visitor's language (ake_tags.menu_pages).
        for page in [section, *section.get_translations()]:
            if not page.show_in_menus:
                page.show_in_menus = True
                page.save(update_fields=["show_in_menus"])
    created = legal_pages_ensure()
    ctx.log(f"extranet.demo_site: {len(created)} legal pages or translations created")
