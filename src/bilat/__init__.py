"""bilat: an offline reference tool for bilateral relations."""

# A literal, so that `bilat --version` needs no importlib.metadata scan at start-up.
__version__ = "0.1.0"
