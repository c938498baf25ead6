"""The triple store, SHACL validation, curated queries and graph analytics.

Imports none of the project's other packages (``api`` → ``loaders`` → ``graph``).
"""

__version__ = "0.1.0"
