#!/usr/bin/env python
"""Django's command-line utility; `opportune` (the console script) does the same."""

from opportune.cli import main

if __name__ == "__main__":
    main()
