"""The shared math-text cache saves figures byte-identical to matplotlib's own, with fewer parses."""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import _mathtext

from clustermodels import mathtext_cache
from clustermodels.style import FIGURE_METADATA, use_house_style


def saved_bytes() -> list[bytes]:
    """A house-style figure (tick labels as math text, a formula) saved as PNG and SVG."""
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 2e5, 50)
    ax.plot(x, x ** 2)
    ax.set_yscale("log")
    ax.set_xlabel(r"output $x_i$ (10$^4$ yuan)")
    files = []
    for ext, metadata in FIGURE_METADATA.items():
        buffer = io.BytesIO()
        fig.savefig(buffer, format=ext, metadata=metadata)
        files.append(buffer.getvalue())
    plt.close(fig)
    return files


def test_same_files_fewer_parses(monkeypatch):
    use_house_style()
    parses = []
    parse = _mathtext.Parser.parse
    monkeypatch.setattr(_mathtext.Parser, "parse", lambda self, s, *args: parses.append(s) or parse(self, s, *args))
    mathtext_cache.uninstall()  # matplotlib's own cache, one per renderer
    try:
        own, own_parses = saved_bytes(), len(parses)
    finally:
        assert mathtext_cache.install()
    parses.clear()
    assert saved_bytes() == own
    assert 0 < len(parses) < own_parses
    parses.clear()
    assert saved_bytes() == own and parses == []  # a second save parses nothing again
