def username_for_throttling(request, credentials):
    """Throttle per e-mail address regardless of letter case, so "A@x" and "a@x" share a count."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
