from django.dispatch import Signal

# Sent inside the transaction that creates a workspace, so apps can add their defaults
# (phases, categories) without the workspaces app depending on them.
workspace_created = Signal()
