"""RSS 2.0 and Atom feeds of notices, overall and per category, in the active language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import NoticeCategory, NoticePage
from .selectors import page_first_live

FEED_LENGTH = 30


class NoticeRssFeed(Feed):
    def get_object(self, request, category=None):
        self.request = request
        return get_object_or_404(NoticeCategory, slug=category) if category else None

    def title(self, obj):
        name = _("AKE extranet notices")
        return f"{name}: {obj.name}" if obj else name

    def description(self, obj):
        return _(
            "Notices of the regional development task for the libraries of Varsinais-Suomi and Satakunta."
        )

    def link(self, obj):
        from .models import NoticeIndexPage

        index = page_first_live(NoticeIndexPage, locale=Locale.get_active())
        path = index.get_url(request=self.request) if index else "/"
        if obj and index:
            path += f"?category={obj.slug}"
        return self.request.build_absolute_uri(path)

    def items(self, obj):
        notices = NoticePage.objects.live().public().filter(locale=Locale.get_active())
        if obj:
            notices = notices.filter(categories=obj)
        return notices.prefetch_related("categories").order_by("-first_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(request=self.request))

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}:{item.locale_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
