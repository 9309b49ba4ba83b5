"""CSRF: every endpoint of the URLconf refuses an unsafe request without a valid token.

The URLconf is walked, so endpoints added later are covered without editing this test. The only
endpoints allowed to skip CSRF are listed in CSRF_EXEMPT_ALLOWED, each with its reason.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# RFC 8058 one-click unsubscribe: mail clients POST without a session; the signed token is the proof.
CSRF_EXEMPT_ALLOWED = {"extranet:unsubscribe"}

SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}


def _route_sample(pattern) -> str | None:
    if isinstance(pattern, LocalePrefixPattern):
        return translation.get_language() + "/"
    if isinstance(pattern, RoutePattern):
        route = str(pattern)

        def fill(match):
            converter = match.group(1) or "str"
            return SAMPLES.get(converter, "1")

        return re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        # Replace groups by a plausible value; give up on what stays a regex.
        filled = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
        filled = re.sub(r"\((?:\?:)?[^()]*\)[*?]", "", filled)
        filled = re.sub(r"\([^()]*\)", "1", filled)
        filled = filled.replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")
        if re.search(r"[\\\[\]()*+?{}|^$]", filled):
            return None
        return filled
    return None


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        part = _route_sample(entry.pattern)
        if isinstance(entry, URLResolver):
            child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if part is None:
                yield None, f"{prefix}{entry.pattern}", None
                continue
            yield from walk(entry, prefix + part, child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            if part is None:
                yield None, f"{prefix}{entry.pattern}", name
            else:
                yield "/" + prefix + part, None, name


def test_every_endpoint_refuses_posts_without_a_valid_token(libraries, capsys):
    from allauth.mfa.models import Authenticator

    from networks.roles import AKE_ADMINS

    # The most privileged role, with two-factor set up, so that no view turns the request away for
    # lack of permission before the CSRF check would have to.
    user = make_user("csrf.tester@turku.fi", library=libraries["turku"], role=AKE_ADMINS)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    attacker = Client(enforce_csrf_checks=True)
    attacker.force_login(user)
    other = Client(enforce_csrf_checks=True)
    other.get("/fi/accounts/login/")
    foreign_token = other.cookies["csrftoken"].value

    covered, skipped, failures, seen = 0, [], [], set()
    for url, unresolved, name in walk():
        if url is None:
            skipped.append(unresolved)
            continue
        if url in seen:
            continue
        seen.add(url)
        if name in CSRF_EXEMPT_ALLOWED:
            continue
        without = attacker.post(url, {"library": 1, "status": "confirmed"})
        if without.status_code == 301 and without["Location"] == url + "/":
            url += "/"  # a sample value of a catch-all pattern lacked the trailing slash
            without = attacker.post(url, {"library": 1, "status": "confirmed"})
        with_foreign = attacker.post(
            url, {"csrfmiddlewaretoken": foreign_token}, HTTP_X_CSRFTOKEN=foreign_token
        )
        covered += 1
        for label, response in (("no token", without), ("another session's token", with_foreign)):
            if response.status_code != 403:
                failures.append(f"{url} ({name}) with {label}: {response.status_code}")
    with capsys.disabled():
        total = covered + len(skipped)
        print(f"\n[csrf] endpoints covered: {covered} of {total}; without a sample URL: {len(skipped)}")
    assert covered > 50
    assert not failures, "\n".join(failures)
