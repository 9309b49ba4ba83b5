"""Every gettext call of ours is one makemessages can read: none inside an f-string.

xgettext does not parse the expressions of an f-string, so a text translated there never reaches the
catalogs and shows in English on Finnish and Swedish pages (My page said "heti · every notice").
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ake", "networks", "extranet", "trainings", "loans", "reporting", "finance", "surveys", "audit")
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def _calls_inside_f_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in GETTEXT:
                found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_gettext_call_inside_an_f_string():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                found += _calls_inside_f_strings(path)
    assert found == [], "gettext inside an f-string, unseen by makemessages: " + ", ".join(found)
