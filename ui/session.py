"""Who is using this page. Until sign-in arrives (SPEC §13) every page acts as the first admin."""

from model.access import Actor
from model.people import default_actor


def current_actor() -> Actor:
    actor = default_actor()
    if actor is None:
        raise RuntimeError('The database has no account: start the app through main.py')
    return actor
