"""Text normalisation for case- and accent-insensitive search and sorting, done in Python so the SQL stays portable."""

import unicodedata

from model.errors import Invalid

NAME_MAX = 120
UNTITLED = 'Untitled workflow'


def fold(text: str) -> str:
    """Lower-case ``text`` without accents: 'Crème BRÛLÉE' → 'creme brulee'."""
    decomposed = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_name(name: str | None) -> str:
    """A workflow name as stored: trimmed, empty becomes 'Untitled workflow'; over 120 characters is refused."""
    cleaned = (name or '').strip()
    if not cleaned:
        return UNTITLED
    if len(cleaned) > NAME_MAX:
        raise Invalid(f'The name is {len(cleaned)} characters long; at most {NAME_MAX} are allowed')
    return cleaned


def workflow_label(name: str, duplicate_number: int | None) -> str:
    """How a workflow is named to a person: a copy carries its badge, 'Welcome [2]', so copies are told apart."""
    return f'{name} [{duplicate_number}]' if duplicate_number else name
