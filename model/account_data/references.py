"""What segments, custom fields and forms have in common: names unique in the account, which workflows use one,
and re-linking the nodes an import could not match once the missing one exists.

Segments and custom fields are few per account, so uniqueness is checked in Python (case-insensitive on
every database). Node settings are JSON text: usage is narrowed with a portable ``LIKE`` on the stored
text and confirmed in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from model.common import events, text
from model.common.clock import clock
from model.common.errors import Invalid, Refused
from model.common.text import workflow_label
from model.storage.schema import Node, Workflow, kept
from model.workflows.catalogue import CATALOGUE
from model.workflows.graph import refresh_derived
from model.workflows.states import DRAFT
from model.workflows.versions import record_version

NAME_MAX = 80
LEFTOVER = {'segment': 'unmatched_segment', 'custom_field': 'removed_fields', 'form': 'unmatched_form'}  # import's
SHOWN_IN_REFUSAL = 5


@dataclass(frozen=True)
class WorkflowUse:
    """A workflow that refers to a segment, custom field or form, as a page links to it."""

    id: int
    name: str
    duplicate_number: int | None
    deleted: bool = False  # in `Recently deleted`: it still counts, since it can be restored

    @property
    def label(self) -> str:
        return workflow_label(self.name, self.duplicate_number) + (' (in Recently deleted)' if self.deleted else '')

    @property
    def link(self) -> str:
        return '/deleted' if self.deleted else f'/workflows/{self.id}'


def clean_name(name: str | None, what: str, taken: Iterable[tuple[int, str]], ignore_id: int | None = None) -> str:
    """A trimmed name of 1 to 80 characters, without hidden characters, unique in ``taken`` ignoring case."""
    clean = text.clean_name(name, f'The {what} name', default=None, limit=NAME_MAX)
    if any(other.casefold() == clean.casefold() and other_id != ignore_id for other_id, other in taken):
        raise Invalid(f'There is already a {what} called "{clean}" in this account')
    return clean


def workflows_using(account_id: int, setting_type: str, item_id: int) -> list[WorkflowUse]:
    """The account's workflows with a node whose ``setting_type`` setting is ``item_id``, by name; those in
    `Recently deleted` too, since restoring one would bring back a reference to something gone."""
    names = _setting_names(setting_type)
    nodes = (Node
             .select(Node.config, Workflow.id, Workflow.name, Workflow.duplicate_number, Workflow.deleted_at)
             .join(Workflow)
             .where((Workflow.account == account_id) & _any_text(Node.config, [f'"{n}": {item_id}' for n in names])))
    found = {}
    for node in nodes:
        if any(node.config.get(name) == item_id for name in names):
            workflow = node.workflow
            found[workflow.id] = WorkflowUse(workflow.id, workflow.name, workflow.duplicate_number,
                                             workflow.deleted_at is not None)
    return sorted(found.values(), key=lambda use: (use.label.casefold(), use.id))


def refuse_if_used(uses: list[WorkflowUse], what: str) -> None:
    if not uses:
        return
    named = ', '.join(f'"{use.label}"' for use in uses[:SHOWN_IN_REFUSAL])
    more = f' and {len(uses) - SHOWN_IN_REFUSAL} more' if len(uses) > SHOWN_IN_REFUSAL else ''
    raise Refused(f'{what} is used by {text.plural(len(uses), "workflow")} ({named}{more}): '
                  'change them first')


def adopt_unmatched(account_id: int, setting_type: str, item_id: int, name: str) -> list[int]:
    """Give ``item_id`` to the draft nodes an import left without it because nothing was called ``name``.

    Recomputes those drafts' incidents and bumps their version (an open editor sees the change); returns
    their ids. Started workflows keep their settings (they cannot change after start).
    """
    leftover = LEFTOVER[setting_type]
    setting = _setting_names(setting_type)[0]
    nodes = (Node
             .select(Node, Workflow)
             .join(Workflow)
             .where((Workflow.account == account_id) & (Workflow.state == DRAFT) & kept()
                    & _text(Node.config).contains(f'"{leftover}"')))
    changed: dict[int, Workflow] = {}
    for node in nodes:
        config = dict(node.config)
        if _adopt(config, leftover, setting, item_id, name.casefold()):
            Node.update(config=config).where(Node.id == node.id).execute()
            changed[node.workflow.id] = node.workflow
    for workflow in changed.values():
        (Workflow
         .update(version=Workflow.version + 1, updated_at=clock.now(account_id))
         .where(Workflow.id == workflow.id)
         .execute())
        refresh_derived(workflow)
        record_version(workflow.id, None, f'Linked to the new "{name}"')
    return sorted(changed)


def announce_change(account_id: int, adopted: list[int]) -> None:
    """Segments or custom fields changed; the drafts in ``adopted`` got one back."""
    events.announce(events.ChangeKind.RESOURCES, account_id)
    if adopted:
        events.announce(events.ChangeKind.UPDATED, account_id, adopted)


def _adopt(config: dict, leftover: str, setting: str, item_id: int, folded_name: str) -> bool:
    if leftover != 'removed_fields':  # one name: an unmatched segment or form
        if str(config.get(leftover, '')).casefold() != folded_name:
            return False
        del config[leftover]
        config[setting] = item_id
        return True
    removed = list(config.get(leftover) or [])
    match = next((n for n in removed if str(n).casefold() == folded_name), None)
    if match is None or config.get(setting) is not None:
        return False
    removed.remove(match)
    if removed:
        config[leftover] = removed
    else:
        del config[leftover]
    config[setting] = item_id
    return True


def _setting_names(setting_type: str) -> list[str]:
    """The names settings of this type have across the catalogue ('segment'; 'field')."""
    return sorted({s.name for kind in CATALOGUE.values() for s in kind.settings if s.type == setting_type})


def _text(column: Any) -> Any:
    """The stored JSON text itself: compared as the column is, a pattern would be JSON-encoded first."""
    return column.cast('TEXT')


def _any_text(column: Any, fragments: list[str]) -> Any:
    condition = None
    for fragment in fragments:
        match = _text(column).contains(fragment)
        condition = match if condition is None else (condition | match)
    return condition
