"""Back office for projects and reports. Thin: forms and buttons call the services.

Every admin here combines the role's model permissions (rollen_einrichten) with the object
rules in ``rules.py``: querysets are narrowed to what the user may see, objects outside it are
a 404 (whatever URL is typed), and change/delete/workflow buttons ask the same rules.
"""

from . import aenderungen, berichte, beschluesse, projekte, suche  # noqa: F401  (registers the admins)
