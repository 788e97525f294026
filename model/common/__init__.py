"""What every part of the model shares: domain errors, change announcements, text rules and the clock.

May import nothing else of ``model``: the bottom of the house.
"""
