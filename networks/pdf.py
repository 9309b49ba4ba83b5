"""The only module that imports WeasyPrint: printable documents of the networks app as PDF."""

from django.conf import settings
from django.template.loader import render_to_string

PRINT_CSS = settings.BASE_DIR / "static" / "networks" / "print.css"


def pdf_render(*, template_name: str, context: dict) -> bytes:
    import weasyprint

    html = render_to_string(template_name, {**context, "for_pdf": True})
    stylesheet = weasyprint.CSS(filename=str(PRINT_CSS))
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
