"""Text helpers shared by apps and scripts (no Django imports)."""

import re

_UMLAUTE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss"}
)


def slugify_de(text: str, max_length: int = 100) -> str:
    """German-readable slug: umlauts transliterated (ä → ae), everything else ASCII."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(_UMLAUTE).lower()).strip("-")
    return slug[:max_length].rstrip("-")
