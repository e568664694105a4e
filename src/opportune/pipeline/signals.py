from django.dispatch import Signal

# Sent inside the transaction that removes a phase, with `phase`, `move_to` and `actor`:
# the opportunities app (a layer above) moves what the phase holds before it goes.
phase_removing = Signal()

# Sent inside the transaction that changes the order of a workspace's phases, with
# `workspace_id`: the opportunities app keeps its copy of each phase's position in step.
phases_reordered = Signal()
