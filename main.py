"""Workflows Area: wire configuration, data, pages and background jobs together, then serve."""

from nicegui import app, run, ui

from model.settings import Settings, prepare_data, restrict_new_files
from model.simulator import Simulator
from model.workflows import sweep_expired_pauses
from ui import (  # noqa: F401  (importing a page module registers its routes)
    admin_page,
    create_page,
    editor_page,
    live_view_page,
    password_page,
    priority_page,
    signin_page,
    workflows_page,
)
from ui.session import RequireSignIn, signin_done
from ui.upload_guard import UploadGuard

restrict_new_files()
app.add_middleware(RequireSignIn)
app.add_middleware(UploadGuard)
app.get('/signin/done')(signin_done)
settings = Settings.from_env()
prepare_data(settings)
app.timer(settings.sweep_seconds, sweep_expired_pauses)
if settings.simulator:
    simulator = Simulator()
    app.timer(settings.simulator_seconds, lambda: run.io_bound(simulator.tick))

if __name__ in {'__main__', '__mp_main__'}:
    ui.run(host=settings.host, port=settings.port, storage_secret=settings.storage_secret, title='Workflows Area',
           reload=False, show=False, favicon='🔀')
