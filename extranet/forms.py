from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtail.images.utils import get_allowed_image_extensions

from ake.languages import LanguageSelect
from ake.uploads import validate_upload

from .models import NoticeCategory, NoticePage, NoticePageTag, Subscription, TrainingWish


class NoticeFilterForm(forms.Form):
    """Filters of the notice index; the choices come preloaded (see selectors.notice_filter_choices)."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    series = forms.ChoiceField(label=_("Series"), required=False)
    # A Swedish tag's slug keeps its letters ("tillgänglighet", as taggit makes it).
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100, allow_unicode=True)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.slug, category.name) for category in choices.categories
        ]
        self.fields["series"].choices = [("", _("All series"))] + [
            (series.slug, series.name) for series in choices.series
        ]

    def filter(self, notices):
        data = self.cleaned_data
        # Subqueries rather than joins: a join would also narrow the aggregated category list.
        if data.get("category"):
            through = NoticePage.categories.through.objects.filter(noticecategory__slug=data["category"])
            notices = notices.filter(pk__in=through.values("noticepage_id"))
        if data.get("series"):
            notices = notices.filter(series__slug=data["series"])
        if data.get("tag"):
            tagged = NoticePageTag.objects.filter(tag__slug=data["tag"])
            notices = notices.filter(pk__in=tagged.values("content_object_id"))
        if data.get("year"):
            notices = notices.filter(first_published_at__year=data["year"])
        return notices


class ArchiveFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)


class TrainingWishForm(forms.ModelForm):
    # A field that people never see (hidden by CSS and from screen readers); bots fill it in.
    # A plain Field, not a CharField: whatever a bot puts there (NUL bytes too) must not make the
    # form invalid, because the error would sit under a field nobody can see; it is treated as spam.
    website = forms.Field(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = TrainingWish
        fields = ["text"]
        labels = {"text": _("What kind of training would you like?")}
        help_texts = {"text": _("Do not write your name or contact details: the wish is stored anonymously.")}

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# --------------------------------------------------------------------------- subscriptions
class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=Subscription.Language.choices,
        initial="fi",
        widget=LanguageSelect(),
    )
    rhythm = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Rhythm.choices,
        initial=Subscription.Rhythm.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=NoticeCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive every notice."),
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["language", "rhythm", "categories"]
        widgets = {
            "language": LanguageSelect(),
            "rhythm": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
        }
        labels = {"language": _("Language of the emails"), "rhythm": _("How often")}


# --------------------------------------------------------------------------- documents
# The checks live in ake.uploads, shared with every other place that takes a file.
def validate_uploaded_document(upload) -> None:
    validate_upload(upload, extensions=settings.WAGTAILDOCS_EXTENSIONS)


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form with an allow-list of extensions checked against the file's content,
    and the document's language (kept in extranet.DocumentLanguage; Wagtail's documents have none)."""

    def __init__(self, *args, **kwargs):
        from .models import document_language, document_language_choices

        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the document"),
            choices=document_language_choices(),
            initial=document_language(self.instance) if self.instance.pk else settings.LANGUAGE_CODE,
            # Not required: Wagtail's multiple upload posts the file alone first (Finnish until chosen).
            required=False,
            help_text=_("The language of the title and the file: the material bank marks it for readers."),
        )

    def save(self, commit=True):
        # Saved with the document (extranet.signals), also when the view saves it itself later.
        if self.cleaned_data.get("language"):
            self.instance._document_language = self.cleaned_data["language"]
        return super().save(commit=commit)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_uploaded_document(upload)
        return upload


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form with the same checks as every other upload: Wagtail already checks that
    the content is an image of the named type; this adds the site-wide size limit (the lower of the
    two), an empty file and safe, not over-long names."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_upload(
                upload,
                extensions=get_allowed_image_extensions(),
                max_size=min(settings.MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE),
            )
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, widget=forms.TextInput(attrs={"type": "search"}))
