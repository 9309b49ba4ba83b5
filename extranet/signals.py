from wagtail.signals import page_published


def _notice_published(sender, instance, **kwargs):
    from .services import notice_fan_out

    notice_fan_out(notice=instance)


def connect() -> None:
    from .models import NoticePage

    page_published.connect(_notice_published, sender=NoticePage, dispatch_uid="extranet_notice_fan_out")
