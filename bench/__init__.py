"""``make bench``: the portal at community scale, measured beside a trivial Django view.

Run as ``python -m bench --scale 0.01``; see the README's "Benchmark" section.
"""
