"""Configuration from environment variables (docs/product.md §12), all optional, and start-up of the data layer."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from model.access.people import create_account_with_admin
from model.access.signin import new_password, password_problem
from model.common.clock import clock
from model.jobs.demo import DEMO_ADMIN_EMAIL, seed_demo
from model.jobs.site_settings import stored_clock_offsets
from model.storage.db import connect_database, db, sqlite_path
from model.storage.engine import serialize
from model.storage.migrations import migrate_database
from model.storage.schema import Account, Membership, Person

DEFAULT_DATABASE_URL = 'sqlite:///data/workflows.db'
MIN_SECRET = 16  # characters of STORAGE_SECRET, which signs the session cookies
FALSE_WORDS = frozenset({'0', 'false', 'no', 'off'})  # DEMO_DATA=false means what it says


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = '127.0.0.1'
    port: int = 8080
    storage_secret: str = ''
    demo_data: bool = True
    sweep_seconds: float = 60.0
    admin_email: str = ''
    admin_password: str = ''
    simulator: bool = True
    simulator_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> 'Settings':
        env = dict(os.environ if env is None else env)
        database_url = env.get('DATABASE_URL') or DEFAULT_DATABASE_URL
        demo_data = _switch(env.get('DEMO_DATA'), default=True)
        admin_email = env.get('ADMIN_EMAIL', '')
        return cls(
            database_url=database_url,
            host=env.get('HOST') or '127.0.0.1',
            port=int(_number(env, 'PORT', 8080, 1, 65535)),
            storage_secret=_checked_secret(env.get('STORAGE_SECRET'), database_url),
            demo_data=demo_data,
            sweep_seconds=_number(env, 'SWEEP_SECONDS', 60, 1, 86400),
            admin_email=admin_email,
            admin_password=_checked_admin_password(env.get('ADMIN_PASSWORD', ''),
                                                   admin_email or (DEMO_ADMIN_EMAIL if demo_data else '')),
            simulator=_switch(env.get('SIMULATOR'), default=demo_data),  # on in demo mode unless SIMULATOR=0
            simulator_seconds=_number(env, 'SIMULATOR_SECONDS', 2, 0.1, 3600),
        )


def open_database(url: str) -> None:
    """Bind the database, bring its schema up to date, and let the clock read the stored offset from now on."""
    connect_database(url)
    migrate_database()
    clock.read_stored_offsets = stored_clock_offsets
    clock.forget_stored_offsets()


def prepare_data(settings: Settings) -> None:
    """Open the database; a new, empty one gets the demo account or an empty first account, and its first admin.

    Every start prints where to sign in and as whom. A generated password is printed once, on the start that
    made it; a password given in ADMIN_PASSWORD never is.
    """
    open_database(settings.database_url)
    _owner_only(settings.database_url)
    generated = None
    with db.atomic():
        serialize('first start')  # processes starting together on a new database: one seeds, the others find it seeded
        if not Account.select().exists():
            password = settings.admin_password or new_password()
            if settings.demo_data:
                seed_demo(settings.admin_email or DEMO_ADMIN_EMAIL, password)
            else:
                create_account_with_admin('My account', settings.admin_email or 'admin@localhost', 'Administrator',
                                          password)
            generated = None if settings.admin_password else password
    print(sign_in_notice(settings, _first_admin_email(), generated), flush=True)


def sign_in_notice(settings: Settings, email: str | None, generated_password: str | None) -> str:
    host = 'localhost' if settings.host in ('0.0.0.0', '::', '') else settings.host
    where = f'http://{host}:{settings.port}/signin'
    if email is None:
        return f'\n  Sign in at {where} (no admin is left: restore a backup or add one to the database)\n'
    if generated_password:
        return (f'\n  First start: sign in at {where} as {email} with the password {generated_password}\n'
                '  (shown this once; set ADMIN_EMAIL/ADMIN_PASSWORD to choose them)\n')
    return f'\n  Sign in at {where} as {email} (the first admin)\n'


def _first_admin_email() -> str | None:
    first = (Membership
             .select(Membership, Person)
             .join(Person)
             .where(Membership.role == 'admin')
             .order_by(Membership.id)
             .first())
    return first.person.email if first else None


def _number(env: dict[str, str], name: str, default: float, low: float, high: float) -> float:
    """A numeric variable, or a start-up error that names it and says what is expected."""
    text = (env.get(name) or '').strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise SystemExit(f'{name}={text!r} is not a number (expected {low:g} to {high:g})') from None
    if not low <= value <= high:
        raise SystemExit(f'{name}={text} is out of range (expected {low:g} to {high:g})')
    return value


def _switch(value: str | None, default: bool) -> bool:
    """'0', 'false', 'no', 'off' (any case) mean off; unset or empty means the default."""
    return default if not (value or '').strip() else value.strip().lower() not in FALSE_WORDS  # type: ignore[union-attr]


def restrict_new_files() -> None:
    """Files this process creates (database, its journal, secrets, NiceGUI's storage) are readable by the owner only."""
    os.umask(0o077)


def _checked_secret(given: str | None, database_url: str) -> str:
    """STORAGE_SECRET, or the kept one; an empty or short one stops the start."""
    if given is not None and given.strip():
        secret, origin = given.strip(), 'STORAGE_SECRET'
    else:
        path = _data_folder(database_url) / 'storage_secret'
        secret, origin = _kept_secret(path), str(path)
    if len(secret) < MIN_SECRET:
        raise SystemExit(f'The storage secret in {origin} has {len(secret)} characters; it signs the session cookies '
                         f'and needs at least {MIN_SECRET}. Set a longer STORAGE_SECRET, or delete the file to have '
                         'one generated.')
    return secret


def _checked_admin_password(password: str, email: str) -> str:
    if password and (problem := password_problem(password, email)):
        raise SystemExit(f'ADMIN_PASSWORD is not acceptable: {problem}')
    return password


def _owner_only(database_url: str) -> None:
    """An SQLite database made by an older version, or copied in, becomes readable by the owner only."""
    database = sqlite_path(database_url)
    if database is None:
        return
    for path in (database, database.with_name(database.name + '-wal'), database.with_name(database.name + '-shm')):
        if path.exists():
            path.chmod(0o600)


def _data_folder(database_url: str) -> Path:
    database = sqlite_path(database_url)
    return Path('data') if database is None else database.parent


def _kept_secret(path: Path) -> str:
    """A secret generated once and kept, owner-only, in a file beside the SQLite database (or in ./data otherwise)."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, 'w') as file:
            file.write(secrets.token_urlsafe(32))
    path.chmod(0o600)
    return path.read_text().strip()
