from django.dispatch import Signal

# Sent inside the transaction that removes a phase, with `phase`, `move_to` and `actor`:
# the opportunities app (a layer above) moves what the phase holds before it goes.
phase_removing = Signal()
