def workspace(request):
    """The current workspace and the user's other workspaces, for the navigation and switcher."""
    current = getattr(request, "workspace", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = user.memberships.select_related("workspace").order_by("workspace__name")
    match = getattr(request, "resolver_match", None)
    section = (match.namespace or match.url_name) if match else ""
    return {
        "section": "settings" if section in ("workspaces", "project") else section,
        "workspace": current,
        "membership": getattr(request, "membership", None),
        "my_memberships": memberships,
    }
