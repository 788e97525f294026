"""Workflows Area: wire configuration, data, pages and background jobs together, then serve."""

from nicegui import app, run, ui

from model.settings import Settings, prepare_data
from model.simulator import Simulator
from model.workflows import sweep_expired_pauses
from ui import (  # noqa: F401  (importing a page module registers its routes)
    admin_page,
    create_page,
    custom_fields_page,
    editor_page,
    live_view_page,
    priority_page,
    segments_page,
    signin_page,
    workflows_page,
)
from ui.session import RequireSignIn

app.add_middleware(RequireSignIn)
settings = Settings.from_env()
prepare_data(settings)
app.timer(settings.sweep_seconds, sweep_expired_pauses)
if settings.simulator:
    simulator = Simulator()
    app.timer(settings.simulator_seconds, lambda: run.io_bound(simulator.tick))

if __name__ in {'__main__', '__mp_main__'}:
    ui.run(host=settings.host, port=settings.port, storage_secret=settings.storage_secret, title='Workflows Area',
           reload=False, show=False, favicon='🔀')
