"""Small view helpers shared by the apps."""

from functools import wraps

from django.shortcuts import redirect


def post_action(page_url):
    """An action that only a POST performs; a GET leads to the page the action belongs to.

    A URL like ``/kits/5/book/`` lands in the address bar as soon as its view re-renders a form, and a
    browser also opens it on a reload, a bookmark or the language switcher: a bare 405 there is a
    dead end. ``page_url(request, **kwargs)`` names the page to go to instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(page_url(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
