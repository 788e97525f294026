"""The one way segments, custom fields and forms are read, created, changed and deleted.

Each is a named item of an account that workflows refer to by id: its name is unique in the account ignoring
case, one in use cannot be deleted (the refusal names the workflows), and creating or renaming one gives it to
the imported drafts that were waiting for that name. The modules of each kind only validate their own values.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from model.access.gate import Action, Actor, not_found, require
from model.account_data.references import (
    WorkflowUse,
    adopt_unmatched,
    announce_change,
    clean_name,
    refuse_if_used,
    workflows_using,
)
from model.common.text import fold
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import CustomField, Form, Segment

Item = TypeVar('Item', Segment, CustomField, Form)


@dataclass(frozen=True)
class NamedItems(Generic[Item]):
    model: type[Item]
    setting_type: str  # how node settings and the import's leftovers name it: 'segment', 'custom_field', 'form'
    noun: str  # in messages: 'segment', 'custom field', 'form'
    searched_text: Callable[[Item], str]  # what a search looks in, besides the name

    def listed(self, actor: Actor, search: str = '') -> list[Item]:
        """The account's items by name; ``search`` matches the name or the searched text, ignoring case and
        accents (an account has few of them, so the match is made here, the same on every database)."""
        require(actor, Action.READ)
        folded = fold(search.strip())
        items = self.model.select().where(self.model.account == actor.account_id)
        found = [item for item in items if folded in fold(f'{item.name}\n{self.searched_text(item)}')]
        return sorted(found, key=lambda item: (item.name.casefold(), item.id))

    def get(self, actor: Actor, item_id: int) -> Item:
        """The item, if it is of the actor's account; any other is "not found"."""
        found = self.model.get_or_none(self.model.id == item_id)
        if found is None:
            raise not_found(self.model.__name__)
        require(actor, Action.READ, found)
        return found

    def users(self, actor: Actor, item_id: int) -> list[WorkflowUse]:
        require(actor, Action.READ)
        return workflows_using(actor.account_id, self.setting_type, item_id)

    def create(self, actor: Actor, name: str, values: Callable[[], dict[str, Any]]) -> Item:
        """``values`` validates the kind's own columns, inside the transaction, after the name."""
        require(actor, Action.CHANGE)
        with db.atomic():
            lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
            clean = self._valid_name(actor, name)
            item = self.model.create(account=actor.account_id, name=clean, **values())
            adopted = adopt_unmatched(actor.account_id, self.setting_type, item.id, clean)
        announce_change(actor.account_id, adopted)
        return item

    def update(self, actor: Actor, item_id: int, name: str, values: Callable[[Item], dict[str, Any]]) -> Item:
        """Rename it and change its own columns (``values`` sees the item as it was and may refuse); workflows
        keep using it, since they refer to it by id."""
        require(actor, Action.CHANGE)
        with db.atomic():
            lock_account(actor.account_id)
            item = self.get(actor, item_id)
            changed = values(item)
            item.name = self._valid_name(actor, name, ignore_id=item.id)
            for column, value in changed.items():
                setattr(item, column, value)
            item.save()
            adopted = adopt_unmatched(actor.account_id, self.setting_type, item.id, item.name)
        announce_change(actor.account_id, adopted)
        return item

    def delete(self, actor: Actor, item_id: int) -> str:
        """Delete an unused item; returns its name. One used by a workflow is refused, naming them."""
        require(actor, Action.CHANGE)
        with db.atomic():
            item = self.get(actor, item_id)
            refuse_if_used(self.users(actor, item.id), f'"{item.name}"')
            item.delete_instance()
        announce_change(actor.account_id, [])
        return item.name

    def _valid_name(self, actor: Actor, name: str, ignore_id: int | None = None) -> str:
        taken = [(item.id, item.name) for item in (self.model
                                                   .select(self.model.id, self.model.name)
                                                   .where(self.model.account == actor.account_id))]
        return clean_name(name, self.noun, taken, ignore_id)
