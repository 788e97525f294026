"""The database: its handle, the Peewee models, schema versions and migrations, the engine-specific corner,
leases, the cross-process bridge for announcements, and backup/restore.

May import ``model.common`` only. Opening the database imports no rule, clock setting or migration step
that lives above it; start-up (``model.jobs.startup``) runs the migrations and hooks the clock.
"""
