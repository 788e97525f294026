"""Contacts moving through active workflows: the traffic simulator, its statistics, and demo history.

May import ``model.common``, ``model.storage``, ``model.access`` and ``model.workflows``.
"""
