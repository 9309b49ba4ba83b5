"""Celery tasks: thin wrappers that take ids and call the services (imported in the body)."""

from celery import shared_task


@shared_task(acks_late=True)
def event_mail_send(mail_id: int) -> str:
    from .services import event_mail_send as send

    return send(mail_id=mail_id)


@shared_task
def event_mails_sweep() -> int:
    from .services import event_mails_sweep as sweep

    return len(sweep())


@shared_task
def mailings_process() -> int:
    from .services import mailings_process as process

    return process()


@shared_task
def offers_expire() -> int:
    from .services import offers_expire as expire

    return expire()


@shared_task
def registration_details_purge() -> int:
    from .services import registration_details_purge as purge

    return purge()


@shared_task
def materials_review_due() -> int:
    from .services import materials_review_due as review

    return review()
