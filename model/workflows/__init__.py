"""Workflows and everything a person does with them: states and the one transition table, what a person is
offered, the node catalogue, incidents, the editor's working copy, listing, folders, execution order, bulk
runs, Recently deleted and Undo, `.cn` exchange and templates.

May import ``model.common``, ``model.storage`` and ``model.access``.
"""
