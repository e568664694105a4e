"""Names that must differ in more than case within a workspace (phases, categories, tags)."""


def name_taken(queryset, name: str, *, exclude=None) -> bool:
    """Whether a row of `queryset` other than `exclude` has `name`, ignoring case.

    Compared in Python: SQLite's LOWER and LIKE fold ASCII letters only, so "Ärger" and "ärger"
    would pass there. A workspace has a few dozen such names, so reading them is cheap.
    """
    if exclude is not None and exclude.pk is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    wanted = name.strip().lower()
    return any(other.lower() == wanted for other in queryset.values_list("name", flat=True))
