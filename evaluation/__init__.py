"""Measurement apart from the product: gold evaluations and benchmarks, with their commands.

Nothing in `documents` or `kamervragen` imports this package; it imports theirs.
"""
