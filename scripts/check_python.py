"""Refuse to build the virtual environment on a Python that Opportune does not support."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 (runs on the system Python, before the venv)
    sys.exit(f"Opportune needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
