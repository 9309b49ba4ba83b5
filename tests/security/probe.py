"""Helpers for suites that probe the site as a user would: forms read from pages, response bodies."""

import copy
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.test import Client


def client_for(user=None) -> Client:
    """A client that returns 500s as responses (to count them) instead of raising."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


class cookies_kept:  # noqa: N801 - used as a context manager
    """Puts the client's cookies back afterwards: a probe that logs out or switches language must not
    change who the next probe runs as."""

    def __init__(self, client: Client):
        self.client = client

    def __enter__(self):
        self.saved = copy.deepcopy(self.client.cookies)
        return self.client

    def __exit__(self, *exc):
        self.client.cookies = self.saved
        return False


def body_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def body_text(response) -> str:
    """Everything a person could read in the response: HTML/JSON/CSV as is, PDF text, XLSX/DOCX XML."""
    raw = body_bytes(response)
    parts = [raw.decode("utf-8", errors="replace")]
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                for name in archive.namelist()[:50]:
                    parts.append(archive.read(name).decode("utf-8", errors="replace"))
        except zipfile.BadZipFile:
            pass
    elif raw.startswith(b"%PDF"):
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(raw))
            parts += [page.extract_text() or "" for page in reader.pages]
        except Exception:  # noqa: BLE001 - a file that is not a real PDF keeps its raw bytes
            pass
    return "\n".join(parts)


@dataclass
class HarvestedForm:
    action: str
    data: dict = field(default_factory=dict)
    selects: dict = field(default_factory=dict)  # name -> option values
    files: list = field(default_factory=list)  # names of file inputs

    def copy(self) -> dict:
        return {key: (list(value) if isinstance(value, list) else value) for key, value in self.data.items()}


def _text_value(input_type: str, name: str) -> str:
    today = datetime.date.today()
    return {
        "email": "probe@kaarina.fi",
        "number": "1",
        "date": (today + datetime.timedelta(days=40)).isoformat(),
        "datetime-local": f"{(today + datetime.timedelta(days=40)).isoformat()}T10:00",
        "time": "10:00",
        "url": "https://example.org/",
        "password": "Probe-Password-123456",
        "tel": "+358401234567",
    }.get(input_type, "probe text")


def harvest_forms(html: str, page_url: str) -> list[HarvestedForm]:
    """Every POST form on the page, filled as a hurried but honest user would fill it."""
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(urljoin(page_url, form.get("action") or page_url)).path
        harvested = HarvestedForm(action=action)
        radios_seen = set()
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or element.has_attr("disabled"):
                continue
            if element.name == "input":
                kind = (element.get("type") or "text").lower()
                if kind in ("submit", "button", "image", "reset"):
                    continue
                if kind == "file":
                    harvested.files.append(name)
                    continue
                if kind == "checkbox":
                    if element.has_attr("checked") or element.has_attr("required"):
                        harvested.data.setdefault(name, [])
                        harvested.data[name].append(element.get("value", "on"))
                    continue
                if kind == "radio":
                    if name not in radios_seen or element.has_attr("checked"):
                        harvested.data[name] = element.get("value", "on")
                        radios_seen.add(name)
                    continue
                value = element.get("value")
                harvested.data[name] = value if value not in (None, "") else _text_value(kind, name)
            elif element.name == "textarea":
                harvested.data[name] = element.get_text() or "probe text"
            elif element.name == "select":
                options = [option.get("value", option.get_text()) for option in element.find_all("option")]
                harvested.selects[name] = options
                chosen = [
                    option.get("value", option.get_text())
                    for option in element.find_all("option")
                    if option.has_attr("selected")
                ]
                if not chosen:
                    chosen = [value for value in options if value][:1]
                if chosen:
                    harvested.data[name] = chosen if element.has_attr("multiple") else chosen[0]
        forms.append(harvested)
    return forms


def form_for(html: str, page_url: str, target: str | None = None) -> HarvestedForm | None:
    """The POST form that submits to ``target`` (the page itself by default)."""
    target = urlsplit(target or page_url).path
    for form in harvest_forms(html, page_url):
        if form.action == target:
            return form
    return None
