from django.http import HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

NUL = "\x00"


class RefuseNulMiddleware:
    """Answer 400 to a NUL character in the path, the query string or a posted form.

    PostgreSQL refuses text containing NUL with an error, so such a value would reach a query
    and answer 500 there; refusing it here holds for every route, present and future.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET):
            return _bad_request(_("Bad request: the address contains a control character."))
        # request.POST is empty unless the body is a form; CsrfViewMiddleware parses it anyway.
        if request.method == "POST" and _has_nul(request.POST):
            return _bad_request(_("Bad request: the form contains a control character."))
        return self.get_response(request)


def _has_nul(query: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
