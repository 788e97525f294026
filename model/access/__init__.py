"""Who may act: people and accounts, sign-in and sessions, throttling, the gate every service passes
through (``gate.py``), and the activity log of what people did.

May import ``model.common`` and ``model.storage``.
"""
