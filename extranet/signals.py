from django.db.models.signals import post_save, pre_save
from wagtail.signals import page_published


def _notice_published(sender, instance, **kwargs):
    from .services import notice_fan_out

    notice_fan_out(notice=instance)


def _alias_dated_like_its_notice(sender, instance, **kwargs):
    # Wagtail publishes a notice's Swedish and English aliases with its content but not its first
    # publication date: without it they showed no date, fell out of the year filter and sorted first.
    if instance.alias_of_id and instance.live and instance.first_published_at is None:
        from wagtail.models import Page

        instance.first_published_at = (
            Page.objects.filter(pk=instance.alias_of_id).values_list("first_published_at", flat=True).first()
        )


def _document_language_saved(sender, instance, **kwargs):
    # The admin's document form leaves the chosen language on the document (CheckedDocumentForm).
    language = getattr(instance, "_document_language", None)
    if language:
        from .models import DocumentLanguage

        DocumentLanguage.objects.update_or_create(document=instance, defaults={"language": language})
        del instance._document_language


def connect() -> None:
    from wagtail.documents import get_document_model

    from .models import NoticePage

    post_save.connect(
        _document_language_saved, sender=get_document_model(), dispatch_uid="extranet_document_language"
    )

    page_published.connect(_notice_published, sender=NoticePage, dispatch_uid="extranet_notice_fan_out")
    pre_save.connect(_alias_dated_like_its_notice, sender=NoticePage, dispatch_uid="extranet_alias_dated")
