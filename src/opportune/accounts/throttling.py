"""Throttling of everything that checks a secret: sign-in, password change, invitation links.

django-axes counts the failures per e-mail address and client address (settings.AXES_*).
"""

import ipaddress
import re

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_response
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.shortcuts import render

# Failed invitation links are counted under this name, so they lock the address, not an account.
INVITATION_LINKS = {"username": "(invitation links)"}

_WITH_PORT = re.compile(r"\[(?P<bracketed>[^]]+)\](:\d+)?|(?P<plain>[^:]+):\d+", re.ASCII)


def username_for_throttling(request, credentials):
    """Throttle per e-mail address regardless of letter case, so "A@x" and "a@x" share a count."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def client_ip_address(request) -> str:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, counted from the right.

    Each proxy appends the address it was connected from to X-Forwarded-For, so only the
    last TRUSTED_PROXY_COUNT entries are trustworthy; anything left of them may be forged.
    An entry may carry the client's port ("192.0.2.1:5678", "[2001:db8::1]:443"), as some
    proxies write it. A request that passed fewer proxies, or a malformed entry, falls back
    to REMOTE_ADDR.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(_without_port(forwarded[-count])))
    except ValueError:
        return remote_addr


def _without_port(entry: str) -> str:
    """The address part of "192.0.2.1:5678", "[2001:db8::1]:443" or "[2001:db8::1]"; other
    entries unchanged (a bare IPv6 address has colons but no port)."""
    match = _WITH_PORT.fullmatch(entry)
    return (match["bracketed"] or match["plain"]) if match else entry


def _lock_ends_at(request, credentials):
    """The cool-off counts from the failure that locked: failures during a lock are not recorded."""
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)
    failures = [found.aggregate(last=Max("attempt_time"))["last"] for found in attempts]
    last_failure = max(filter(None, failures), default=None)
    return last_failure + get_cool_off(request) if last_failure else None


def lockout_response(request, original_response, credentials):
    """The page shown while locked (settings.AXES_LOCKOUT_CALLABLE), saying when the lock ends."""
    context = {
        "lock_ends_at": _lock_ends_at(request, credentials),
        "is_invitation": username_for_throttling(request, credentials)
        == INVITATION_LINKS["username"],
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def invitation_lockout(request):
    """The lockout page if this address opened too many invalid invitation links, else None."""
    if AxesProxyHandler.is_allowed(request, INVITATION_LINKS):
        return None
    return get_lockout_response(request, None, INVITATION_LINKS)


def invitation_link_failed(request) -> None:
    """Count an invalid invitation link like a failed sign-in (axes listens to this signal)."""
    user_login_failed.send(sender=__name__, credentials=INVITATION_LINKS, request=request)
