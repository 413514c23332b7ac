"""Helpers at the bottom of the house: they import no app of the project (docs/architecture.md)."""
