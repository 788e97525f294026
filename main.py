"""Workflows Area: wire configuration, data, pages and background jobs together, then serve.

``python main.py`` serves; ``python main.py migrate [--check] | backup PATH | restore PATH`` operates on the
configured database (``python main.py --help``).
"""

import argparse
import sys
from pathlib import Path

from nicegui import app, run, ui

from model.crossprocess import start_bridge, stop_bridge
from model.leases import hold, mark_running, mark_stopped
from model.migrations import MigrationError
from model.operations import OperationError, backup, migrate, restore
from model.settings import Settings, prepare_data, restrict_new_files
from model.simulator import Simulator
from model.workflows import sweep_expired_pauses
from ui import (  # noqa: F401  (importing a page module registers its routes)
    admin_page,
    create_page,
    custom_fields_page,
    editor_page,
    live_view_page,
    password_page,
    priority_page,
    segments_page,
    signin_page,
    workflows_page,
)
from ui.session import RequireSignIn, signin_done
from ui.upload_guard import UploadGuard

COMMANDS = ('migrate', 'backup', 'restore')
RUNNING_MARK_SECONDS = 10  # a running process renews its mark this often; it lapses after three missed renewals


def serve(settings: Settings) -> None:
    app.add_middleware(RequireSignIn)
    app.add_middleware(UploadGuard)
    app.get('/signin/done')(signin_done)
    try:
        prepare_data(settings)
    except MigrationError as error:
        sys.exit(f'Workflows Area did not start: {error}')
    mark_running(3 * RUNNING_MARK_SECONDS)
    start_bridge()
    app.timer(RUNNING_MARK_SECONDS, lambda: run.io_bound(mark_running, 3 * RUNNING_MARK_SECONDS))
    app.on_shutdown(stop_bridge)
    app.on_shutdown(mark_stopped)
    app.timer(settings.sweep_seconds, lambda: run.io_bound(sweep_expired_pauses))
    if settings.simulator:
        simulator = Simulator()
        lease_seconds = 3 * settings.simulator_seconds + 5

        def simulate() -> None:  # one process at a time runs the simulator, so nothing is counted twice
            if hold('simulator', lease_seconds):
                simulator.tick()

        app.timer(settings.simulator_seconds, lambda: run.io_bound(simulate))


def command_line(arguments: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog='python main.py', description='Operate on the database that '
                                     'DATABASE_URL names (default sqlite:///data/workflows.db).')
    commands = parser.add_subparsers(dest='command', required=True)
    migrating = commands.add_parser('migrate', help='apply pending schema migrations')
    migrating.add_argument('--check', action='store_true', help='print the version and pending steps only')
    commands.add_parser('backup', help='write a consistent copy while the app runs').add_argument('path', type=Path)
    commands.add_parser('restore', help='put a backup back (app stopped)').add_argument('path', type=Path)
    options = parser.parse_args(arguments)
    try:
        if options.command == 'migrate':
            lines = migrate(settings.database_url, options.check)
        elif options.command == 'backup':
            lines = backup(settings.database_url, options.path)
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
           reload=False, show=False, favicon='🔀')
