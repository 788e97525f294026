"""Workflows Area: wire configuration, data, pages and background jobs together, then serve.

``python main.py`` serves; ``python main.py migrate [--check] | backup PATH | restore PATH | reset-demo`` operates
on the configured database (``python main.py --help``).
"""

import argparse
import sys
from pathlib import Path

from nicegui import app, run, ui

from model.common.clock import STORED_OFFSET_SECONDS, clock
from model.jobs.site_settings import start_simulator_as, tick_when_on
from model.jobs.startup import Settings, prepare_data, restrict_new_files
from model.jobs.training import reset_demo_command
from model.storage.crossprocess import start_bridge, stop_bridge
from model.storage.leases import hold, mark_running, mark_stopped
from model.storage.migrations import MigrationError
from model.storage.operations import OperationError, backup, migrate, restore
from model.traffic.simulator import Simulator
from model.workflows.lifecycle import sweep_expired_pauses
from model.workflows.trash import purge_expired
from model.workflows.versions import prune_versions
from ui import (  # noqa: F401  (importing a page module registers its routes)
    activity_page,
    admin_page,
    create_page,
    custom_fields_page,
    editor_page,
    forms_page,
    invitations_page,
    live_view_page,
    password_page,
    priority_page,
    recently_deleted_page,
    segments_page,
    signin_page,
    workflows_page,
)
from ui.layout import use_utilities
from ui.not_found import unknown_address
from ui.session import RequireSignIn, signin_done
from ui.upload_guard import UploadGuard

COMMANDS = ('migrate', 'backup', 'restore', 'reset-demo')
RUNNING_MARK_SECONDS = 10  # a running process renews its mark this often; it lapses after three missed renewals


def serve(settings: Settings) -> None:
    use_utilities()
    app.add_middleware(RequireSignIn)
    app.add_middleware(UploadGuard)
    app.get('/signin/done')(signin_done)
    app.exception_handler(404)(unknown_address)
    try:
        prepare_data(settings)
    except MigrationError as error:
        sys.exit(f'Workflows Area did not start: {error}')
    mark_running(3 * RUNNING_MARK_SECONDS)
    start_bridge()
    app.timer(RUNNING_MARK_SECONDS, lambda: run.io_bound(mark_running, 3 * RUNNING_MARK_SECONDS))
    app.on_shutdown(stop_bridge)
    app.on_shutdown(mark_stopped)
    app.timer(settings.sweep_seconds, lambda: run.io_bound(sweep_and_purge))
    app.timer(STORED_OFFSET_SECONDS, lambda: run.io_bound(clock.refresh_stored_offsets))  # another process moved it
    start_simulator_as(settings.simulator)  # admins switch it and set its speed on the People and accounts page
    simulator = Simulator()
    lease_seconds = 3 * settings.simulator_seconds + 5

    def simulate() -> None:  # one process at a time runs the simulator, so nothing is counted twice
        tick_when_on(simulator, claim=lambda: hold('simulator', lease_seconds))

    app.timer(settings.simulator_seconds, lambda: run.io_bound(simulate))


def sweep_and_purge() -> None:
    """The application-wide timer: finalize expired pauses, remove what was deleted 30 days ago, prune versions."""
    sweep_expired_pauses()
    purge_expired()
    prune_versions()


def command_line(arguments: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog='python main.py', description='Operate on the database that '
                                     'DATABASE_URL names (default sqlite:///data/workflows.db).')
    commands = parser.add_subparsers(dest='command', required=True)
    migrating = commands.add_parser('migrate', help='apply pending schema migrations')
    migrating.add_argument('--check', action='store_true', help='print the version and pending steps only')
    commands.add_parser('backup', help='write a consistent copy while the app runs').add_argument('path', type=Path)
    commands.add_parser('restore', help='put a backup back (app stopped)').add_argument('path', type=Path)
    commands.add_parser('reset-demo', help='put the demo account back to its seeded state (people and other '
                        'accounts stay as they are)')
    options = parser.parse_args(arguments)
    try:
        if options.command == 'migrate':
            lines = migrate(settings.database_url, options.check)
        elif options.command == 'backup':
            lines = backup(settings.database_url, options.path)
        elif options.command == 'reset-demo':
            lines = reset_demo_command(settings.database_url)
        else:
            lines = restore(settings.database_url, options.path)
    except OperationError as error:
        print(f'{options.command}: {error}', file=sys.stderr)
        return 1
    print('\n'.join(lines))
    return 0


if __name__ in {'__main__', '__mp_main__'}:
    restrict_new_files()  # the database, backups, secrets and session storage: owner-only
    settings = Settings.from_env()
    if sys.argv[1:2] and sys.argv[1] in (*COMMANDS, '-h', '--help'):
        sys.exit(command_line(sys.argv[1:], settings))
    serve(settings)
    ui.run(host=settings.host, port=settings.port, storage_secret=settings.storage_secret, title='Workflows Area',
           reload=False, show=False, favicon='🔀', tailwind=False)
