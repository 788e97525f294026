"""Text normalisation for case- and accent-insensitive search and sorting, done in Python so the SQL stays portable,
and the rules every stored name follows."""

import re
import unicodedata
from datetime import date

from model.common.errors import Invalid

NAME_MAX = 120
EMAIL_MAX = 254  # the longest address SMTP carries
EMAIL_LOCAL_MAX = 64
UNTITLED = 'Untitled workflow'
# C0 and C1 controls (NUL, ESC, newlines...) and the marks that reorder text (RLO and friends), which make a
# name read differently from what it is
HIDDEN_CHARACTERS = re.compile('[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]')
# what an email address may not hold: spaces, quotes, brackets and the separators of address lists
_EMAIL_CHARACTERS = re.compile(r'[^\s"\'`<>\\(),;:\[\]]+')


def fold(text: str) -> str:
    """Lower-case ``text`` without accents: 'Crème BRÛLÉE' → 'creme brulee'."""
    decomposed = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_key(text: str) -> str:
    """What search compares, on the stored side and the typed side alike: folded, with only letters and digits, so
    case, accents, punctuation and spacing never decide a match ('Re-engagement – 90 days' → 'reengagement90days',
    found by 'reengagement', 're engagement' or 'RE-ENGAGEMENT 90')."""
    return ''.join(c for c in fold(text) if c.isalnum())


SEARCH_TEXT_MAX = 600  # characters: an index entry stays well under PostgreSQL's limit (~2,700 bytes)


def workflow_search_text(name: str, description: str) -> str:
    """A workflow's stored ``search_text``: the keys of its name and description, a line apart so that no search
    matches across the two; a very long imported description is searched in its first few hundred characters."""
    return f'{search_key(name)}\n{search_key(description)}'[:SEARCH_TEXT_MAX]


def hidden_character_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name because of an invisible control or text-direction character, or None."""
    found = HIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    return f'contains an invisible control or text-direction character (U+{ord(found.group()):04X}): remove it'


def clean_name(name: str | None, what: str = 'The name', default: str | None = UNTITLED,
               limit: int = NAME_MAX) -> str:
    """A name as stored: trimmed; empty becomes ``default`` (refused when None); too long, or with a control or
    bidi-override character, is refused."""
    cleaned = (name or '').strip()
    if problem := hidden_character_problem(cleaned):
        raise Invalid(f'{what} {problem}')
    if not cleaned:
        if default is None:
            raise Invalid(f'{what} cannot be empty')
        return default
    if len(cleaned) > limit:
        raise Invalid(f'{what} is {len(cleaned)} characters long; at most {limit} are allowed')
    return cleaned


def clean_email(email: str | None) -> str:
    """An email address as stored: trimmed and lower-case, with one ``@`` between two non-empty parts, at most
    254 characters, and no space, quote, angle bracket, backslash or control character (it is shown on pages
    and read by people)."""
    cleaned = (email or '').strip().lower()
    local, at, domain = cleaned.partition('@')
    if (not at or not local or not domain or '@' in domain or len(cleaned) > EMAIL_MAX
            or len(local) > EMAIL_LOCAL_MAX or not _EMAIL_CHARACTERS.fullmatch(cleaned)
            or hidden_character_problem(cleaned) or domain.startswith('.') or domain.endswith('.')):
        raise Invalid('Give a valid email address, like name@example.com (no spaces, quotes or brackets)')
    return cleaned


def parse_int(value: str | None) -> int | None:
    """A URL parameter as a whole number, or None when it is not one."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    """A URL parameter as an ISO date, or None when it is not one."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def workflow_label(name: str, duplicate_number: int | None) -> str:
    """How a workflow is named to a person: a copy carries its badge, 'Welcome [2]', so copies are told apart."""
    return f'{name} [{duplicate_number}]' if duplicate_number else name


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 workflow', '3 workflows', '2 entries': the one place that chooses singular or plural."""
    return f'{count:,} {singular if count == 1 else (many or singular + "s")}'
