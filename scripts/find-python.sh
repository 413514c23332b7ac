#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.1 needs it), or fails saying so.
# pyenv users: the project's .python-version (3.12) makes the `python3.12` shim work here.
for candidate in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "Fehler: kein Python >= 3.12 gefunden (Django 6.1 braucht es)." >&2
echo "Installieren Sie Python 3.12 oder neuer (z. B. 'pyenv install 3.12') oder setzen Sie PYTHON=/pfad/zu/python3.12." >&2
exit 1
