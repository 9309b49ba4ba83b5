"""Access matrix: nobody sees or changes what is not theirs, on every route outside the admin.

The URLconf is walked, so routes of apps merged later are covered without editing this test. Two
people of two libraries own objects built with the apps' own services (tests/security/owned.py);
every role — anonymous, staff of library A, staff of library B, AKE editor, planning group, AKE
admin — requests every route with their own ids, each other's ids and the neighbouring ids (id ± 1),
with GET and with POST. Each POST runs in a savepoint that is rolled back, so every attempt starts
from the same data, and PostgreSQL tells which rows it wrote (tests/security/dbdiff.py).

A failure is any of:
- a 5xx;
- a response that shows the marker of an object the role may not see;
- a POST that wrote a row pointing at an object the role may not change;
- mass assignment: extra fields `library`, `user`, `person`, `status`, `is_staff`, `is_superuser`,
  `groups` (or a tampered choice in a select) that end up in the database.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from networks.models import Library
from networks.roles import AKE_ADMINS, AKE_EDITORS, PLANNING_GROUP
from tests.conftest import make_user

from .dbdiff import Recorder
from .owned import (
    ADMIN,
    ANON,
    EDITOR,
    PLANNING,
    ROLES,
    STAFF_A,
    STAFF_B,
    Context,
    Owned,
    build_all,
)
from .probe import body_text, client_for, cookies_kept, form_for
from .urlwalk import routes

pytestmark = [pytest.mark.django_db]

INJECTED_STATUS = "approved"
PRIVILEGED_USER_FIELDS = ("is_staff", "is_superuser", "library_id", "email", "is_active")


@dataclass
class Candidate:
    values: dict  # parameter name -> value
    owner: Owned | None  # the object the id belongs to, None for a neighbouring or made-up id

    def url(self, route) -> str:
        return route.fill(self.values)


def _uuid_of(obj):
    import uuid

    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname, None)
        if isinstance(value, uuid.UUID):
            return str(value)
    return None


def _token_of(obj, name):
    for attr in (name, "token", "key", "uuid"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _default(param) -> str:
    if param.name == "year":
        return str(timezone.localdate().year - 1)
    if param.name in ("language", "lang"):
        return "fi"
    if param.name in ("month", "day"):
        return "1"
    return {"int": "1", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001"}.get(param.converter, "x")


def _values_for(route, owned: Owned) -> dict | None:
    """Parameter values that point the route at ``owned``, or None when the route cannot take it."""
    values = {}
    id_params = route.id_params
    route_keys = owned.route_keys.get(route.name, {})
    if owned.route_keys and not route_keys and any(p.converter in ("str", "regex") for p in id_params):
        return None  # a signed token of another purpose: the route would only refuse it
    for param in route.params:
        key = route_keys.get(param.name, owned.keys.get(param.name, owned.keys.get(param.converter)))
        if key is not None:
            values[param.name] = str(key)
            continue
        if param not in id_params:
            values[param.name] = _default(param)
            continue
        if len(id_params) > 1:
            return None
        if param.converter == "int":
            values[param.name] = str(owned.obj.pk) if isinstance(owned.obj.pk, int) else None
        elif param.converter == "uuid":
            values[param.name] = _uuid_of(owned.obj)
        elif param.converter in ("str", "regex"):
            values[param.name] = _token_of(owned.obj, param.name)
        elif param.converter == "slug":
            values[param.name] = getattr(owned.obj, "slug", None)
        else:
            return None
        if values[param.name] is None:
            return None
    return values


def _forged(route, values: dict) -> list[dict]:
    """Neighbouring and tampered values of the route's id parameters."""
    forged = []
    for param in route.id_params:
        value = values[param.name]
        if param.converter == "int":
            for delta in (-1, 1):
                forged.append({**values, param.name: str(int(value) + delta)})
        elif param.converter == "uuid":
            forged.append({**values, param.name: value[:-1] + ("0" if value[-1] != "0" else "1")})
        elif param.converter in ("str", "regex", "slug"):
            forged.append({**values, param.name: value[:-1] + ("x" if value[-1] != "x" else "y")})
            forged.append({**values, param.name: value + "-"})
    return forged


@pytest.fixture
def people(libraries):
    from allauth.mfa.models import Authenticator

    users = {
        ANON: None,
        # Their last names are markers too: who may see a person's name is checked like any object.
        STAFF_A: make_user("aino.matriisi@kaarina.fi", library=libraries["kaarina"], last_name="Zqaalto"),
        STAFF_B: make_user("bertta.matriisi@pori.fi", library=libraries["pori"], last_name="Zqbeck"),
        EDITOR: make_user("editor.matrix@turku.fi", library=libraries["turku"], role=AKE_EDITORS),
        PLANNING: make_user("planning.matrix@pori.fi", library=libraries["pori"], role=PLANNING_GROUP),
        ADMIN: make_user("admin.matrix@turku.fi", library=libraries["turku"], role=AKE_ADMINS),
    }
    Authenticator.objects.create(
        user=users[ADMIN], type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return users


class Matrix:
    def __init__(self, people, owned, third_library):
        self.people = people
        self.owned = owned
        self.third_library = third_library
        self.clients = {role: client_for(user) for role, user in people.items()}
        self.recorder = Recorder()
        self.failures: list[str] = []
        self.tried = Counter()  # (verb) -> count
        self.seen_by: dict[str, set] = defaultdict(set)  # marker -> roles that saw it
        self.statuses: dict[tuple, Counter] = defaultdict(Counter)  # (route, role) -> status counts
        self.writes = 0
        self.by_model = defaultdict(list)
        for item in owned:
            self.by_model[item.model].append(item)
        self.protected = {(item.model, str(item.obj.pk)): item for item in owned}
        self.markers = {item.marker: item for item in owned if item.marker}

    # ------------------------------------------------------------------ checks
    def _check_forged(self, role, method, url, response, diff, forged_from):
        """A tampered token must neither show nor change the object whose token it was made from."""
        if forged_from is None:
            return
        if forged_from.marker and response.status_code == 200 and forged_from.marker in body_text(response):
            self.failures.append(f"{role} {method} {url}: a tampered id shows {forged_from.label}")
        target = (forged_from.model, str(forged_from.obj.pk))
        if diff is not None and any(
            (m, str(pk)) == target for row in diff.inserted for m, pk in row.references()
        ):
            self.failures.append(f"{role} {method} {url}: a tampered id changed {forged_from.label}")

    def _check_body(self, role, method, url, response):
        # "Not ready" (no worker, no recent backup in the test set-up) is the readiness check's answer.
        if response.status_code == 503 and url.split("?")[0] in ("/readyz", "/healthz"):
            return
        if response.status_code >= 500:
            detail = ""
            if getattr(response, "exc_info", None):
                detail = f": {response.exc_info[1]!r}"
            self.failures.append(f"{role} {method} {url}: {response.status_code}{detail}")
            return
        if response.status_code != 200:
            return
        text = body_text(response)
        for marker, item in self.markers.items():
            if marker in text:
                self.seen_by[marker].add(role)
                if role not in item.visible_to:
                    self.failures.append(f"{role} {method} {url}: shows {item.label} ({marker})")

    def _check_writes(self, role, url, diff, data):
        actor = self.people[role]
        victim_ids = {str(user.pk) for r, user in self.people.items() if user is not None and r != role}
        form_fields = data.get("__form_fields__", ())
        for model, pk in diff.touched():
            item = self.protected.get((model, pk))
            if item is not None and role not in item.touchable_by:
                self.failures.append(f"{role} POST {url}: wrote rows touching {item.label}")
            if model is Library and pk == str(self.third_library.pk):
                self.failures.append(f"{role} POST {url}: a row got the injected library")
        for row in diff.inserted:
            before = diff.before(row)
            if actor is not None and row.model is type(actor) and str(row.pk) == str(actor.pk) and before:
                for name in PRIVILEGED_USER_FIELDS:
                    if before.values.get(name) != row.values.get(name):
                        self.failures.append(f"{role} POST {url}: changed own {name}")
            if row.model is None or actor is None:
                continue
            if row.model._meta.auto_created and "group_id" in row.values:
                user_column = next((c for c in row.values if c.endswith("user_id")), None)
                if user_column and str(row.values[user_column]) == str(actor.pk):
                    self.failures.append(f"{role} POST {url}: joined the group {row.values['group_id']}")
            # Rows that newly point at another person through a field the form did not offer.
            for model_field in row.model._meta.concrete_fields:
                value = row.values.get(model_field.column)
                if (
                    model_field.name in ("user", "person")
                    and model_field.name not in form_fields
                    and str(value) in victim_ids
                    and (before is None or before.values.get(model_field.column) != value)
                    and role not in (EDITOR, ADMIN)
                ):
                    self.failures.append(
                        f"{role} POST {url}: {row.table}.{model_field.name} set to another person"
                    )
        self.writes += bool(diff.inserted)

    def _status_injected(self, diff) -> list:
        suspicious = []
        for row in diff.inserted:
            if row.values.get("status") != INJECTED_STATUS:
                continue
            before = next((r for r in diff.removed if r.table == row.table and r.pk == row.pk), None)
            if before is None or before.values.get("status") != INJECTED_STATUS:
                suspicious.append((row.table, row.pk))
        return suspicious

    # ------------------------------------------------------------------ requests
    def get(self, role, url, forged_from=None):
        client = self.clients[role]
        with cookies_kept(client):
            response, diff = self.recorder.run(lambda: client.get(url))
        self.tried["GET"] += 1
        self.statuses[(url, role)][response.status_code] += 1
        self._check_body(role, "GET", url, response)
        self._check_forged(role, "GET", url, response, diff, forged_from)
        return response

    def search(self, role, url, word) -> int:
        client = self.clients[role]
        with cookies_kept(client):
            response, _diff = self.recorder.run(lambda: client.get(url, {"q": word}))
        self.tried["GET"] += 1
        if response.status_code >= 500:
            self.failures.append(f"{role} GET {url}?q={word}: {response.status_code}")
        return body_text(response).count(word)

    def post(self, role, url, data, *, count=True, forged_from=None):
        client = self.clients[role]
        payload = {k: v for k, v in data.items() if not k.startswith("__")}
        with cookies_kept(client):
            response, diff = self.recorder.run(lambda: client.post(url, payload))
        if count:
            self.tried["POST"] += 1
        self._check_body(role, "POST", url, response)
        self._check_writes(role, url, diff, data)
        self._check_forged(role, "POST", url, response, diff, forged_from)
        return response, diff

    def injected(self, role, form) -> dict:
        """The form's own fields plus the extra fields an attacker adds."""
        victim = self.people[STAFF_B if role == STAFF_A else STAFF_A]
        data = form.copy() if form else {}
        fields = set(data) | (set(form.selects) if form else set())
        extra = {
            "library": str(self.third_library.pk),
            "user": str(victim.pk),
            "person": str(victim.pk),
            "status": INJECTED_STATUS,
            "is_staff": "on",
            "is_superuser": "on",
            "groups": str(Group.objects.get(name=AKE_ADMINS).pk),
        }
        for name, value in extra.items():
            if name not in fields:
                data[name] = value
        data["__form_fields__"] = tuple(fields)
        return data

    def tampered(self, role, form) -> dict | None:
        """The form with each library/user/person/status choice set to a value it does not offer."""
        if form is None:
            return None
        victim = self.people[STAFF_B if role == STAFF_A else STAFF_A]
        data = form.copy()
        changed = False
        for name, value in (
            ("library", self.third_library.pk),
            ("user", victim.pk),
            ("person", victim.pk),
            ("status", INJECTED_STATUS),
        ):
            options = form.selects.get(name)
            if options is not None and str(value) not in options:
                data[name] = str(value)
                changed = True
        data["__form_fields__"] = tuple(set(form.data) | set(form.selects))
        return data if changed else None

    def attack(self, route, role, url, form=None, forged_from=None, owner=None):
        response = self.get(role, url, forged_from)
        if owner is not None and owner.gate and response.status_code == 200 and role not in owner.visible_to:
            # The route serves this object, and this role may not see it: a page was rendered anyway.
            self.failures.append(f"{role} GET {url}: opened {owner.label}")
        if form is None and response.status_code == 200 and "html" in response.get("Content-Type", ""):
            form = form_for(body_text(response), url)
        data = self.injected(role, form)
        _response, diff = self.post(role, url, data, forged_from=forged_from)
        suspicious = self._status_injected(diff)
        if suspicious:
            control = {k: v for k, v in data.items() if k != "status"}
            _r, control_diff = self.post(role, url, control, count=False)
            if len(self._status_injected(control_diff)) < len(suspicious):
                self.failures.append(f"{role} POST {url}: the injected status was saved in {suspicious}")
        tampered = self.tampered(role, form)
        if tampered is not None:
            self.post(role, url, tampered)


def _preferred_viewer(item: Owned) -> str:
    for role in (STAFF_A, STAFF_B, PLANNING, EDITOR, ADMIN, ANON):
        if role in item.visible_to:
            return role
    return ADMIN


def test_nobody_sees_or_changes_what_is_not_theirs(libraries, people, capsys):
    started = time.monotonic()
    third = (
        Library.objects.organisations()
        .exclude(pk__in=[lib.pk for lib in libraries.values()])
        .order_by("name_fi")
        .first()
    )
    ctx = Context(
        users=people, library_a=libraries["kaarina"], library_b=libraries["pori"], third_library=third
    )
    owned = build_all(ctx)
    for role in (STAFF_A, STAFF_B, EDITOR, PLANNING, ADMIN):
        user = people[role]
        # A person's name shows to their library's staff (who booked a kit) and to AKE.
        colleagues = {STAFF_B, PLANNING} if role in (STAFF_B, PLANNING) else {role}
        owned.append(
            Owned(
                user,
                colleagues | {EDITOR, ADMIN},
                user.last_name if role in (STAFF_A, STAFF_B) else None,
                touchable_by={role, EDITOR, ADMIN},
                label=f"the account of {role}",
            )
        )
    matrix = Matrix(people, owned, third)

    all_routes = routes()
    plain = [route for route in all_routes if not route.id_params]
    with_ids = [route for route in all_routes if route.id_params]

    # Routes without an object id: every role, GET and POST with the page's own form plus extras.
    route_time = Counter()
    for route in plain:
        route_started = time.monotonic()
        values = {param.name: _default(param) for param in route.params}
        url = route.fill(values)
        for role in ROLES:
            matrix.attack(route, role, url)
            if route.name and route.name.endswith("search"):
                # Search must not find what the role may not open: ask for every hidden marker.
                # The page echoes the query, so a hit shows the marker more often than a query for a
                # made-up word of the same shape does.
                baseline = matrix.search(role, url, "zq999nothing")
                for item in owned:
                    hidden = item.marker and role not in item.visible_to
                    if hidden and matrix.search(role, url, item.marker) > baseline:
                        matrix.failures.append(f"{role} search finds {item.label}")
        route_time[route.name] += time.monotonic() - route_started

    # Routes with an object id: find which objects each serves, then try everyone's ids on it.
    uncovered = []
    mapping = []
    id_route_count = 0
    for route in with_ids:
        route_started = time.monotonic()
        served: list[tuple[Owned, dict]] = []
        for item in owned:
            values = _values_for(route, item)
            if values is None:
                continue
            served.append((item, values))
        if not served:
            uncovered.append(route)
            continue
        id_route_count += 1
        # Discovery: the objects whose viewer finds them here (GET shows the marker, or POST writes
        # a row that points at them); when none is found, every candidate stays in.
        found = [(item, values) for item, values in served if route.name in item.routes]
        forms = {}
        for item, values in served:
            if (item, values) in found or item.model is type(people[STAFF_A]):
                continue
            url = route.fill(values)
            viewer = _preferred_viewer(item)
            client = matrix.clients[viewer]
            with cookies_kept(client):
                response, _ = matrix.recorder.run(lambda c=client, u=url: c.get(u))
            if response.status_code == 200:
                text = body_text(response)
                if item.marker and item.marker in text:
                    found.append((item, values))
                if "html" in response.get("Content-Type", ""):
                    forms.setdefault(route.template, form_for(text, url))
            elif response.status_code == 405:
                with cookies_kept(client):
                    _r, diff = matrix.recorder.run(lambda c=client, u=url: c.post(u, {}))
                if (item.model, str(item.obj.pk)) in diff.touched():
                    found.append((item, values))
        candidates = found or served
        models = {item.model for item, _ in candidates}
        mapping.append(f"{route.name}: {'/'.join(sorted(m.__name__ for m in models)) if found else 'blind'}")
        if found:
            # Every object of the served models, whoever owns it, and their neighbours.
            candidates = [(item, values) for item, values in served if item.model in models]
        urls = {}
        tokens = any(param.converter != "int" for param in route.id_params)
        for item, values in candidates:
            if not item.forged_only:
                urls[route.fill(values)] = (None, item if found else None)
            for forged in _forged(route, values):
                urls.setdefault(route.fill(forged), (item if tokens else None, None))
        form = forms.get(route.template)
        for url, (forged_from, owner) in urls.items():
            # A tampered token means the same to everyone: one visitor and one member of staff try it.
            for role in (ANON, STAFF_B) if forged_from is not None else ROLES:
                matrix.attack(route, role, url, form, forged_from, owner)
        route_time[route.name] += time.monotonic() - route_started

    unreached = [
        item.label
        for item in owned
        if item.reach and item.marker and not (matrix.seen_by[item.marker] & item.visible_to)
    ]
    elapsed = time.monotonic() - started
    with capsys.disabled():
        total = matrix.tried["GET"] + matrix.tried["POST"]
        print(
            f"\n[access matrix] routes: {len(plain) + id_route_count} ({id_route_count} with an object id,"
            f" {len(plain)} without) × roles: {len(ROLES)} × verbs: 2 → {total} requests tried"
            f" (GET {matrix.tried['GET']}, POST {matrix.tried['POST']}; {matrix.writes} POSTs wrote rows);"
            f" objects: {len(owned)}; failures: {len(matrix.failures)}; {elapsed:.0f} s"
        )
        if uncovered:
            print(
                "[access matrix] routes with an id but no object of the dataset: "
                + ", ".join(map(str, uncovered))
            )
        print("[access matrix] id routes → objects found there: " + "; ".join(mapping))
        slowest = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in route_time.most_common(6))
        print(f"[access matrix] slowest routes: {slowest}")
        for failure in matrix.failures[:60]:
            print("  FAIL", failure)
    assert not unreached, f"no role that may see these found them on any page: {unreached}"
    assert not matrix.failures, "\n".join(matrix.failures[:60])
