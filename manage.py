#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    if sys.version_info < (3, 12):  # noqa: UP036 - clear message for old interpreters
        sys.exit("Bochum Strategie braucht Python >= 3.12 (Django 6.1). Bitte `make run` benutzen.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bochum_strategie.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
