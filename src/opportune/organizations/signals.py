from django.dispatch import Signal

# Sent inside the transaction that renames an organization, with `organization`: the
# opportunities app (a layer above) keeps its copy of the name, which the list sorts by.
organization_renamed = Signal()
