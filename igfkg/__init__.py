"""igfkg: who said what, about which internet-governance process, at which meeting."""
__version__ = "0.1.0"
