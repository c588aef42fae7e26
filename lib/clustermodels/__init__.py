"""Executable reproductions of four papers on industrial clusters, resources and the environment.

Sub-packages hold one paper each (``innovation`` is paper 2); the modules at this level are the
shared pieces: repository paths, parameter validation, the house figure style, output folders
and provenance.
"""

__version__ = "0.1.0"
