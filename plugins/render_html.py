"""The ``html`` dossier format (work in progress)."""
