"""cica-publish: bilingual (English/Russian) publishing and translation toolkit.

readers → one document tree (:mod:`cica_publish.tree`) → transforms → writers.
"""

__version__ = "0.1.0"
