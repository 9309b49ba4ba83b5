from pghistory.middleware import HistoryMiddleware


class AuditContextMiddleware(HistoryMiddleware):
    """pghistory's middleware: the acting user's id and the path (never the query string, which may
    carry a searched name or address) for every audit event written during a write request."""

    def get_context(self, request):
        user = getattr(request, "user", None)
        return {"user": user.pk if user is not None and user.is_authenticated else None, "url": request.path}
