"""One cache of parsed math text per process, shared by every renderer.

The house style writes tick labels as math text (``axes.formatter.use_mathtext``), and matplotlib
parses math text with pyparsing, slowly. Its parse cache belongs to each renderer's parser, and
saving one figure makes several renderers (PNG and SVG, each before and after the tight bounding
box), so every label was parsed again for each: about half of the figures' time. A parse depends
only on the string, dpi, font, antialiasing, hinting and the kind of output (raster or vector),
so one cache keyed by those returns the very objects a fresh parse would build; the saved files
are byte-identical (``tests/test_mathtext_cache.py``).
"""

from __future__ import annotations

import functools

from matplotlib.mathtext import MathTextParser

_UNCACHED = getattr(MathTextParser._parse_cached, "__wrapped__", None)  # matplotlib's parse, without its cache
_PARSERS = {"raster": MathTextParser("agg"), "vector": MathTextParser("path")}


@functools.lru_cache(maxsize=4096)
def _parse(output_type, s, dpi, prop, antialiased, load_glyph_flags):
    return _UNCACHED(_PARSERS[output_type], s, dpi, prop, antialiased, load_glyph_flags)


def _shared_parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
    return _parse(self._output_type, s, dpi, prop, antialiased, load_glyph_flags)


_MATPLOTLIBS = MathTextParser._parse_cached


def install() -> bool:
    """Share the cache (idempotent). False, and matplotlib left as it is, if its parser is not
    the one this was written for (matplotlib 3.11: ``_parse_cached`` wrapping the parse)."""
    if _UNCACHED is None or set(_PARSERS) != {p._output_type for p in _PARSERS.values()}:
        return False
    MathTextParser._parse_cached = _shared_parse_cached
    return True


def uninstall() -> None:
    """matplotlib's own per-parser cache again (the tests compare both)."""
    MathTextParser._parse_cached = _MATPLOTLIBS
    _parse.cache_clear()
