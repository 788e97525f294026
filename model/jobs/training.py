"""Training (docs/product.md §14): `Reset demo` puts the demo account back to its seeded state, and trainee
accounts give each person in a course their own copy of it.
People, passwords and every other account stay as they are."""

import re
from dataclasses import dataclass

from model.access.activity import record
from model.access.gate import Action, Actor, require
from model.access.signin import hash_password, new_password
from model.common import events
from model.common.clock import clock
from model.common.errors import Invalid, Refused
from model.common.text import fold, hidden_character_problem
from model.jobs.demo import seed_account_data
from model.jobs.startup import open_database
from model.storage.db import close_database, db
from model.storage.engine import lock_account
from model.storage.operations import OperationError
from model.storage.schema import (
    DEMO_KIND,
    TRAINEE_KIND,
    Account,
    Activity,
    Contact,
    CustomField,
    Folder,
    Membership,
    Person,
    Segment,
    Workflow,
)
from model.workflows.bulk import bulk_running

MAX_TRAINEES = 50
TRAINEE_EMAIL_DOMAIN = 'example.com'
PREFIX_MAX = 100
ACCOUNT_DATA = (Workflow, Contact, Folder, Segment, CustomField, Activity)  # workflows first: their rows cascade


@dataclass(frozen=True)
class TraineeSignIn:
    account: str
    email: str
    password: str


def reset_demo(actor: Actor) -> None:
    """The acting admin's demo account back to its seeded state, in one transaction."""
    require(actor, Action.TRAIN)
    _reset(actor.account_id, actor.person_id)


def reset_demo_command(database_url: str) -> list[str]:
    """`python main.py reset-demo`: every demo account back to its seeded state; the lines to print."""
    open_database(database_url)
    try:
        accounts = list(Account.select().where(Account.kind == DEMO_KIND).order_by(Account.id))
        if not accounts:
            raise OperationError('there is no demo account in this database (it was created with DEMO_DATA=0); '
                                 'nothing was reset')
        for account in accounts:
            _reset(account.id)
        return [f'"{account.name}" is back to its seeded state; people and other accounts are unchanged'
                for account in accounts]
    finally:
        close_database()


def create_trainee_accounts(actor: Actor, count: int, prefix: str) -> list[TraineeSignIn]:
    """``count`` copies of the demo's seeded data, each with its own editor and a generated password, its clock
    at the demo's time."""
    require(actor, Action.TRAIN)
    if not 1 <= count <= MAX_TRAINEES:
        raise Invalid(f'Create 1 to {MAX_TRAINEES} trainee accounts at a time')
    if problem := hidden_character_problem(prefix):
        raise Invalid(f'The prefix {problem}')
    name = ' '.join(prefix.split())
    slug = re.sub(r'[^a-z0-9]+', '-', fold(name)).strip('-')
    if not name:
        raise Invalid('Give a name prefix for the trainee accounts, for example "Trainee"')
    if not slug or len(name) > PREFIX_MAX:
        raise Invalid(f'The prefix needs letters or digits and at most {PREFIX_MAX} characters: '
                      'the trainees\' emails are made from it')
    planned = [(f'{name} {number:02}', f'{slug}-{number:02}@{TRAINEE_EMAIL_DOMAIN}')
               for number in range(1, count + 1)]
    taken = Person.select(Person.email).where(Person.email.in_([email for _, email in planned])).order_by(Person.email)
    if taken.exists():
        raise Invalid(f'The prefix "{name}" makes emails that already exist ({taken.first().email}): choose '
                      'another prefix, or remove the trainee accounts first')
    passwords = [new_password() for _ in planned]
    hashes = [hash_password(password) for password in passwords]  # argon2 is slow: before any transaction
    created: list[int] = []
    try:  # one short transaction per account, so other people's saves do not wait for the whole room
        offset = Account.get_by_id(actor.account_id).clock_offset_seconds
        for (account_name, email), password_hash in zip(planned, hashes, strict=True):
            with db.atomic():
                account = Account.create(name=account_name, kind=TRAINEE_KIND, demo_account=actor.account_id,
                                         clock_offset_seconds=offset)
                clock.forget_stored_offsets()  # seeded as of the account's time
                person = Person.create(email=email, display_name=account_name, password_hash=password_hash)
                Membership.create(person=person, account=account, role='editor')
                seed_account_data(account.id)
            created.append(account.id)
    except Exception:
        _delete_accounts(created)  # nothing half-done
        raise
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)
    events.announce(events.ChangeKind.SETTINGS, actor.account_id)  # every process's clock learns the new accounts'
    return [TraineeSignIn(account, email, password)
            for (account, email), password in zip(planned, passwords, strict=True)]


def trainee_accounts(actor: Actor) -> list[tuple[str, str]]:
    """(account name, email) of the people of each trainee account of the actor's demo, for the admin page."""
    require(actor, Action.TRAIN)
    memberships = (Membership
                   .select(Membership, Account, Person)
                   .join(Account)
                   .switch(Membership)
                   .join(Person)
                   .where(Account.demo_account == actor.account_id)
                   .order_by(Account.name, Person.email))
    return [(m.account.name, m.person.email) for m in memberships]


def remove_trainee_accounts(actor: Actor) -> int:
    """The demo's trainee accounts with their data, and the people left without any account; returns how many."""
    require(actor, Action.TRAIN)
    accounts = [a.id for a in Account.select(Account.id).where(Account.demo_account == actor.account_id)]
    _delete_accounts(accounts)
    events.announce(events.ChangeKind.PEOPLE, None)
    return len(accounts)


def _delete_accounts(accounts: list[int]) -> None:
    """The accounts with all their data, and the people they leave without any account, in one transaction."""
    with db.atomic():
        people = [m.person_id for m in Membership.select(Membership.person).where(Membership.account.in_(accounts))]
        Account.delete().where(Account.id.in_(accounts)).execute()
        Person.delete().where(Person.id.in_(people) & Person.id.not_in(Membership.select(Membership.person))) \
            .execute()


def _reset(account_id: int, person_id: int | None = None) -> None:
    """The account's data replaced by the seeded data; its activity log starts again with one `Demo reset` line
    (the old lines named workflows that are gone)."""
    if bulk_running(account_id):
        raise Refused('A bulk action is running in this account: let it finish or stop it, then reset the demo')
    with db.atomic():
        lock_account(account_id)
        for model in ACCOUNT_DATA:
            model.delete().where(model.account == account_id).execute()
        seed_account_data(account_id)
        record('demo reset', account_id, person_id)
    events.announce(events.ChangeKind.RESET, account_id)

