from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from ake import extensions
from ake.areas import EVENTS, NOTICES, SEATS, SITE, shows_areas
from ake.memo import current_minute, memoized

from . import services
from .anonymity import rate_limited
from .forms import PreferencesForm, SearchForm, SubscribeForm, TrainingWishForm
from .models import MaterialBankPage, NoticeIndexPage, Subscription
from .selectors import page_first_live, search_pages, search_providers
from .services import subscription_request, training_wish_create
from .tokens import subscription_from_token, subscription_token

WISHES_PER_HOUR = 5


def _redirect_to_live(request, model):
    """The section's page in the language of the address (every language has one, see
    extranet/page_trees.py). Where the page itself lives at this address (the English tree's slugs
    are "notices" and "materials"), it is served here instead of redirecting to itself."""
    page = page_first_live(model, locale=Locale.get_active())
    if page is None:
        raise Http404(_("This section has not been published yet."))
    url = page.get_url(request=request)
    prefix = f"/{get_language()}/"
    if url == request.path and url.startswith(prefix):
        from ake import wagtail_serve

        return wagtail_serve.serve(request, url[len(prefix) :])
    return redirect(url)


def notice_index(request):
    return _redirect_to_live(request, NoticeIndexPage)


def material_bank(request):
    return _redirect_to_live(request, MaterialBankPage)


@require_http_methods(["GET", "POST"])
def training_wish(request):
    form = TrainingWishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Bots and floods get the same thanks as people, so they learn nothing from the answer.
        if not form.is_spam() and not rate_limited(
            request, "training-wish", limit=WISHES_PER_HOUR, window=3600
        ):
            training_wish_create(text=form.cleaned_data["text"], language=get_language())
        messages.success(request, _("Thank you! Your wish was received anonymously."))
        return redirect("extranet:training_wish")
    return render(request, "extranet/training_wish.html", {"form": form})


# --------------------------------------------------------------------------- subscriptions
SUBSCRIBE_REQUESTS_PER_HOUR = 10


@require_http_methods(["GET", "POST"])
def subscribe(request):
    initial = {"language": get_language() if get_language() in ("fi", "sv", "en") else "fi"}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    if request.GET.get("email"):
        initial["email"] = request.GET["email"][:254]
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        own_address = (
            request.user.is_authenticated
            and data["email"].strip().lower() == (request.user.email or "").strip().lower()
        )
        if own_address:
            # Logged in with a verified address: who subscribes is known, so new choices for an active
            # subscription apply at once instead of "check your mail" (issue #15 item 4).
            subscription = services.subscription_choices_apply(
                user=request.user,
                language=data["language"],
                rhythm=data["rhythm"],
                categories=list(data["categories"]),
            )
            if subscription is not None:
                messages.success(request, _("Your subscription now follows your new choices."))
                return redirect(
                    "extranet:subscription_manage", token=subscription_token(subscription, "manage")
                )
        if not rate_limited(request, "subscribe", limit=SUBSCRIBE_REQUESTS_PER_HOUR, window=3600):
            try:
                subscription_request(
                    email=data["email"],
                    language=data["language"],
                    rhythm=data["rhythm"],
                    categories=list(data["categories"]),
                    user=request.user if request.user.is_authenticated else None,
                )
            except ValidationError as error:
                form.add_error("email", error)
                return render(request, "extranet/subscribe.html", {"form": form}, status=400)
        return redirect("extranet:subscribe_sent")
    return render(request, "extranet/subscribe.html", {"form": form}, status=400 if form.errors else 200)


def subscribe_sent(request):
    return render(request, "extranet/subscribe_sent.html")


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    # Mail scanners open links: a GET only shows the button, the POST confirms.
    subscription = subscription_from_token(token, "confirm")
    if subscription is None:
        return render(request, "extranet/link_invalid.html", status=400)
    if request.method == "POST":
        subscription = services.subscription_confirm(subscription=subscription)
        if subscription.status == Subscription.Status.ACTIVE:
            messages.success(request, _("Thank you! Your subscription is confirmed."))
            return redirect("extranet:subscription_manage", token=subscription_token(subscription, "manage"))
        return render(request, "extranet/link_invalid.html", status=400)
    return render(request, "extranet/subscription_confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def subscription_manage(request, token):
    subscription = subscription_from_token(token, "manage")
    if subscription is None:
        return render(request, "extranet/link_invalid.html", status=400)
    form = PreferencesForm(request.POST or None, instance=subscription)
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.subscription_unsubscribe(subscription=subscription)
        return render(request, "extranet/unsubscribed.html")
    if request.method == "POST" and form.is_valid():
        services.subscription_update(
            subscription=subscription,
            language=form.cleaned_data["language"],
            rhythm=form.cleaned_data["rhythm"],
            categories=list(form.cleaned_data["categories"]),
        )
        messages.success(request, _("Your choices were saved."))
        return redirect("extranet:subscription_manage", token=token)
    return render(
        request,
        "extranet/subscription_manage.html",
        {
            "form": form,
            "subscription": subscription,
            "active": subscription.status == Subscription.Status.ACTIVE,
        },
        status=400 if form.errors else 200,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click unsubscribe: the POST trusts only the token, and answers alike for any token."""
    if request.method == "POST":
        subscription = subscription_from_token(token, "unsubscribe")
        if subscription is not None:
            services.subscription_unsubscribe(subscription=subscription)
        # Rendered without the request, so that nothing of the token or the visitor shapes the answer.
        return HttpResponse(render_to_string("extranet/unsubscribed.html"))
    return render(request, "extranet/unsubscribe.html", {"token": token})


# --------------------------------------------------------------------------- search
def _search_result_rows(results, extra_results) -> str:
    """The result list's items, written in Python with the markup, filters and escaping the template
    had (``{{ x }}``: conditional_escape; ``date:"j.n.Y"`` in the current time zone;
    ``truncatewords:30``): a first search lists up to 50 results, and rendering them through the
    template's loops was about a third of its time (issue #20)."""
    # The whitespace of the template's two loops, so that the page is the same to the byte.
    return mark_safe(  # noqa: S308 - escaped
        "\n      " + _page_result_rows(results) + "\n      " + _extra_result_rows(extra_results)
    )


def _page_result_rows(results, request=None) -> str:
    """The pages' result items; with ``request``, each item's HTML kept by the values it is made of
    (ake/memo.py ``kept_by_value``: the hit's fields, the language and time zone of its label and
    date), so that the first search after a notice's publication writes only the items that changed
    (issue #20: the thirty items' dates, labels and truncated summaries were most of its time)."""
    from django.utils import timezone

    from ake.memo import kept_by_value

    if request is None:
        return "".join(map(_page_result_row, results))
    around = (get_language(), timezone.get_current_timezone_name())
    return "".join(
        kept_by_value(
            request,
            ("search_page_hit", around, hit.pk, hit.title, hit.url, hit.kind_label, hit.date, hit.summary),
            lambda hit=hit: _page_result_row(hit),
        )
        for hit in results
    )


def _page_result_row(result) -> str:
    from django.template.defaultfilters import date as date_filter
    from django.template.defaultfilters import truncatewords
    from django.utils.html import conditional_escape as esc
    from django.utils.timezone import template_localtime

    meta = esc(result.kind_label)
    if result.date:
        meta += " · " + esc(date_filter(template_localtime(result.date), "j.n.Y"))
    summary = f"<p>{esc(truncatewords(result.summary, 30))}</p>" if result.summary else ""
    return (
        f'\n        <li><h3><a href="{esc(result.url)}">{esc(result.title)}</a></h3>'
        f'\n          <p class="meta">{meta}</p>\n          {summary}</li>\n      '
    )


def _extra_result_rows(extra_results) -> str:
    from django.template.defaultfilters import truncatewords
    from django.utils.html import conditional_escape as esc

    rows = []
    for result in extra_results:
        summary = f"<p>{esc(truncatewords(result.summary, 30))}</p>" if result.summary else ""
        rows.append(
            f'\n        <li><h3><a href="{esc(result.url)}">{esc(result.title)}</a></h3>'
            f'\n          <p class="meta">{esc(result.kind_label)}</p>{summary}</li>\n      '
        )
    return "".join(rows)


def _render_search_results(request, query, pages, extra, *, keep=False) -> str:
    """``pages`` and ``extra``: (how many, their rows' HTML) of the pages and the providers' results.
    ``keep``: the HTML kept by exactly what it is made of (the language, the query, the counts and
    the rows' HTML: ake/memo.py ``kept_by_value``), for results that are the same for everyone."""
    from ake.memo import kept_by_value

    def render():
        context = {
            "query": query,
            "results": pages[0],
            "extra_results": extra[0],
            "rows_html": mark_safe("\n      " + pages[1] + "\n      " + extra[1]),  # noqa: S308 - escaped
            "result_count": pages[0] + extra[0],
        }
        return render_to_string("extranet/includes/search_results.html", context, request=request)

    if not keep:
        return render()
    key = ("search_results_html", get_language(), query, pages, extra)
    return kept_by_value(request, key, render)


def _active_locale(request):
    """Wagtail's ``Locale.get_active()``, from the locales read with the top of the page tree."""
    from ake.site_top import UNDECIDED, site_top

    found = site_top(request).active_locale()
    return Locale.get_active() if found is UNDECIDED else found


# Results show no seat figure (trainings/providers.py search): a registration leaves them warm.
@shows_areas(NOTICES, EVENTS, without=SEATS)
def search(request):
    form = SearchForm(request.GET or None)
    query = ""
    results_html = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        language = get_language()
        # Locales are part of the site's structure (ake/areas.py): a notice's publication keeps it,
        # and they are read with the top of the page tree (ake/site_top.py).
        locale = memoized(request, ("active_locale", language), lambda: _active_locale(request), areas=SITE)

        def pages_part(keep=False):
            results = search_pages(query=query, locale=locale, request=request)
            return len(results), _page_result_rows(results, request if keep else None)

        def extra_part(user):
            extra = search_providers(query=query, user=user)
            return len(extra), _extra_result_rows(extra)

        if all(getattr(provider, "same_for_everyone", False) for provider in extensions.providers("search")):
            # The results are the same for every visitor (public pages, and providers that say so):
            # a repeated search is rendered once per process, language and minute (the events'
            # "upcoming" moves with the clock) while no page or event changes. The pages' and the
            # events' parts are kept apart too, so that a notice's publication searches and writes
            # the pages again but not the events, and a change of an event the other way round.
            minute = current_minute()

            def kept_results():
                pages = memoized(
                    request, ("search_pages", language, query), lambda: pages_part(keep=True), areas=NOTICES
                )
                extra = memoized(
                    request,
                    ("search_extra", language, query, minute),
                    lambda: extra_part(None),
                    areas=EVENTS,
                    without=SEATS,
                )
                return _render_search_results(request, query, pages, extra, keep=True)

            key = ("search_results", language, query, minute)
            results_html = memoized(request, key, kept_results, areas=(NOTICES, EVENTS), without=SEATS)
        else:
            results_html = _render_search_results(request, query, pages_part(), extra_part(request.user))
    context = {"form": form, "query": query, "results_html": mark_safe(results_html)}  # noqa: S308 - ours
    return render(request, "extranet/search.html", context)
