"""Notifications that survive a page change: the action's result is shown on the page it leads to."""

from nicegui import app, ui


def navigate_with_notice(url: str, message: str, kind: str = 'positive') -> None:
    app.storage.user['notice'] = [message, kind]
    ui.navigate.to(url)


def show_pending_notice() -> None:
    """Called by the page frame: show (once) what the previous page's action left."""
    notice = app.storage.user.pop('notice', None)
    if notice:
        message, kind = notice
        ui.notify(message, type=kind)
