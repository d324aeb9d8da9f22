#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from reentry.core.cli import run_management_command

    sys.exit(run_management_command(sys.argv))


if __name__ == "__main__":
    main()
