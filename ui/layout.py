"""How pages fit phones (under 600 px), tablets (under 1024 px) and wider screens (docs/decisions.md, Layout).

One style sheet, added by the page frame and the sign-in page. It is not in a CSS layer, so it wins over
Tailwind's utilities (which are) without ``!important``; against Quasar's own classes it needs it.
"""

from pathlib import Path

from nicegui import ui

UTILITIES = Path(__file__).parent / 'styles' / 'dist' / 'utilities.css'  # built by scripts/build-styles.sh
NARROW_PX = 1024  # below it the folder tree becomes a drawer over the list (Quasar's md)

LAYOUT_CSS = '''
/* the header needs more room than the list: it folds into its menu under 1280 px */
@media (max-width: 1279.98px) { .header-wide { display: none !important; } }
@media (min-width: 1280px) { .header-folded { display: none !important; } }
/* menus above notifications (9500), notifications above dialogs (6000), the Undo bar under both */
.q-menu { z-index: 9600 !important; }
.q-notification { pointer-events: none !important; }
.q-notification .q-btn { pointer-events: auto; }
body:has(.undo-bar) .q-notifications__list--bottom { bottom: 4.5rem; }
.undo-bar { z-index: 5000; max-width: calc(100vw - 32px); }
.page-content { padding-bottom: 5rem; }  /* room to scroll the last row above the Undo bar */
/* a list row (workflows, recently deleted): a check box, the texts, the actions */
.row-head { flex-wrap: wrap; row-gap: 0; }
.row-name { max-width: min(32rem, 100%); }
.row-actions { flex-shrink: 0; }
@media (max-width: 1023.98px) {
  .stack-narrow { flex-wrap: wrap !important; }
  .stack-narrow > * { width: 100% !important; flex: 1 1 100% !important; }
}
@media (max-width: 599.98px) {
  .stack-phone { flex-wrap: wrap !important; }
  .stack-phone > * { width: 100% !important; flex: 1 1 100% !important; }
  .nicegui-content { padding: 8px 4px; }
  .page-content { padding-left: 4px !important; padding-right: 4px !important; }
  .page-content .w-96, .page-content .w-72, .page-content .w-64, .page-content .w-56, .page-content .w-48,
  .absolute-center.w-96 { max-width: 100%; }
  .absolute-center.w-96 { width: calc(100vw - 24px); }
  .q-dialog .q-card { min-width: 0; max-width: calc(100vw - 32px); }
  .filter-bar { display: grid !important; grid-template-columns: 1fr 1fr; gap: 8px !important; }
  .filter-bar > * { width: auto; min-width: 0; }
  .filter-bar > :first-child { grid-column: span 2; }
  .row-main { flex-wrap: wrap !important; row-gap: 0; }
  .row-text { flex: 1 1 0; }
  .row-main > .row-actions { width: 100%; justify-content: flex-end; }
  /* the title and `Create new workflow` on one line, the other links below without their icons */
  .title-row > .q-space { order: 1; flex-basis: 100%; height: 0; }
  .title-row { column-gap: 4px !important; }
  .title-row > .q-btn, .title-row > a, .title-row > a .text-body2 { order: 2; padding: 0 4px; font-size: 12px; }
  .title-row > .q-btn.create-new { order: 0; margin-left: auto; }
  .title-row > :not(.create-new) .q-icon { display: none; }
}
'''


def use_utilities() -> None:
    """Every page: the Tailwind utilities the pages use, compiled ahead of time. NiceGUI's default compiles them in
    the browser and restyles the whole page after each update; on a 50-row list that was most of an update's
    cost (docs/decisions.md, "Styles compiled ahead of time")."""
    ui.add_head_html(f'<style>{UTILITIES.read_text()}</style>', shared=True)


def use_layout() -> None:
    ui.add_css(LAYOUT_CSS)
