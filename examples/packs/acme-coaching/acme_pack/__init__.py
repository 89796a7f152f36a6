"""Acme Coaching's workflow pack for prepflow (see pack.toml).

prepflow never imports this package to read the pack: it finds pack.toml on
disk. Only ``acme_pack.steps``, declared under ``[steps]`` in pack.toml, is
imported, to register the ``acme.elevator_pitch`` step type.
"""
