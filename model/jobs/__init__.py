"""What runs the application as a whole: configuration and start-up, site settings (the movable clock, the
simulator's switch and speed, the sweep), demo data, training (reset demo, trainee accounts).

The top of the house: may import every other package of ``model``.
"""
