"""Walks the URLconf into routes with their parameters, so that suites cover apps merged later.

A route is a path template such as ``/fi/rotation/periods/{pk}/`` with the converter and name of
each parameter; suites fill the parameters with real values of the objects they built.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

# Parameters that name a context (a year, a language, a file name) rather than the object itself.
CONTEXT_PARAMS = {
    "year",
    "month",
    "day",
    "language",
    "lang",
    "format",
    "page",
    "document_filename",
    "filename",
}
# Top-level prefixes that belong to other suites (the Wagtail admin) or serve no objects.
EXCLUDED_PREFIXES = ("/admin/", "/static/", "/media/", "/bench/")


@dataclass
class Param:
    name: str
    converter: str  # int, slug, str, uuid, path or "regex"


@dataclass
class Route:
    template: str  # "/fi/rotation/periods/{pk}/"
    name: str | None
    params: list[Param] = field(default_factory=list)

    @property
    def id_params(self) -> list[Param]:
        return [p for p in self.params if p.name not in CONTEXT_PARAMS]

    def fill(self, values: dict[str, str]) -> str:
        return self.template.format(**{p.name: values[p.name] for p in self.params})

    def __str__(self):
        return f"{self.template} ({self.name})"


_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _part(pattern, language: str) -> tuple[str, list[Param]] | None:
    """The template of one pattern and its parameters, or None for a regex that stays a regex."""
    if isinstance(pattern, LocalePrefixPattern):
        return f"{language}/", []
    if isinstance(pattern, RoutePattern):
        params: list[Param] = []

        def placeholder(match):
            params.append(Param(match.group(2), match.group(1) or "str"))
            return "{" + match.group(2) + "}"

        route = str(pattern).replace("{", "{{").replace("}", "}}")
        return _ROUTE_PARAM.sub(placeholder, route), params
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        params = []

        def group(match):
            params.append(Param(match.group(1), "regex"))
            return "{" + match.group(1) + "}"

        filled = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", group, regex)

        def unnamed(match):
            # Unnamed groups: a number is an object id, anything else the rest of the path.
            body = match.group(1)
            if body == "\\d+":
                name, converter = f"id{len(params)}", "int"
            elif body == ".*":
                name, converter = "filename", "str"
            else:
                name, converter = f"path{len(params)}", "path"
            params.append(Param(name, converter))
            return "{" + name + "}"

        filled = re.sub(r"\(((?:[^()?]|\((?:\?:)?[^()]*\)[*?+]?)*)\)", unnamed, filled)
        filled = filled.replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")
        if re.search(r"[\\\[\]()*+?|^$]", filled):
            return None
        return filled, params
    return None


def routes(language: str = "fi", *, include_excluded: bool = False) -> list[Route]:
    """Every route of the URLconf that can be written as a template (duplicates removed)."""
    found: dict[str, Route] = {}

    def walk(resolver, prefix, params, namespace):
        for entry in resolver.url_patterns:
            part = _part(entry.pattern, language)
            if part is None:
                continue
            text, own = part
            if isinstance(entry, URLResolver):
                child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + text, params + own, child_ns)
            elif isinstance(entry, URLPattern):
                template = "/" + prefix + text
                name = f"{namespace}{entry.name}" if entry.name else None
                found.setdefault(template, Route(template, name, params + own))

    walk(get_resolver(), "", [], "")
    result = list(found.values())
    if not include_excluded:
        result = [r for r in result if not r.template.startswith(EXCLUDED_PREFIXES)]
    return result
