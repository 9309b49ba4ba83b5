"""Receipts kept private, and the cost an editor records for an event."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

RECEIPTS_COLLECTION = "Kuitit – Kvitton – Receipts"


def receipts_collection():
    """The private collection of receipts: only AKE admins and the planning group may open them."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    from networks.roles import AKE_ADMINS, PLANNING_GROUP

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=RECEIPTS_COLLECTION).first()
    if collection is None:
        with transaction.atomic():
            collection = root.add_child(name=RECEIPTS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=[AKE_ADMINS, PLANNING_GROUP]))
    return collection


def keep_receipt_private(document) -> None:
    """Moves a receipt into the private collection (whichever collection it was uploaded to)."""
    collection = receipts_collection()
    if document.collection_id != collection.pk and not document.collection.is_descendant_of(collection):
        document.collection = collection
        document.save(update_fields=["collection"])


NOT_YOUR_EVENT = _("You can record costs only of events you created.")


def receipt_attach(*, cost, upload, uploaded_by) -> None:
    """Keeps an uploaded receipt as a document of the private Receipts collection, on the cost."""
    from wagtail.documents import get_document_model

    document = get_document_model()(
        title=f"{cost.get_category_display()} {cost.date:%d.%m.%Y} ({cost.target_label})"[:255],
        file=upload,
        collection=receipts_collection(),
        uploaded_by_user=uploaded_by,
    )
    document._set_document_file_metadata()
    document.save()
    cost.receipt = document
