"""Benchmarks: synthetic corpora and scripts measuring the product against its peers.

Run them all with ``szkg bench [--quick]`` (``benchmarks/run_all.py``); figures go to
``benchmarks/results/``. Nothing here is imported by ``api``, ``loaders`` or ``graph``.
"""
