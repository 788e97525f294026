"""Workflows Area: wire configuration, data, pages and background jobs together, then serve."""

import sys

from nicegui import app, run, ui

from model.app_settings import start_simulator_as, tick_when_on
from model.settings import Settings, prepare_data
from model.simulator import Simulator
from model.training import reset_demo_command
from model.workflows import sweep_expired_pauses
from ui import (  # noqa: F401  (importing a page module registers its routes)
    admin_page,
    create_page,
    editor_page,
    live_view_page,
    priority_page,
    signin_page,
    workflows_page,
)
from ui.session import RequireSignIn

settings = Settings.from_env()
if sys.argv[1:2] == ['reset-demo']:
    sys.exit(reset_demo_command(settings.database_url))
app.add_middleware(RequireSignIn)
prepare_data(settings)
app.timer(settings.sweep_seconds, sweep_expired_pauses)
start_simulator_as(settings.simulator)  # admins switch it and set its speed on the People and accounts page
simulator = Simulator()
app.timer(settings.simulator_seconds, lambda: run.io_bound(tick_when_on, simulator))

if __name__ in {'__main__', '__mp_main__'}:
    ui.run(host=settings.host, port=settings.port, storage_secret=settings.storage_secret, title='Workflows Area',
           reload=False, show=False, favicon='🔀')
