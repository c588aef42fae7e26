"""The house figure style: fonts (with Chinese glyphs), sizes, colours, deterministic saving."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # notebooks show the saved PNGs' figures inline; no GUI needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

LANGS = ("zh", "en")

# Okabe-Ito: distinguishable for colour-blind readers and in greyscale print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"  # SIL Open Font Licence, shipped by mplfonts
CJK_FONT_NAME = "Noto Sans CJK SC"
LATIN_FONT_NAME = "DejaVu Sans"


def cjk_font_path() -> Path:
    """The CJK font file installed from PyPI with the ``mplfonts`` package (not imported)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the font package 'mplfonts' is missing: pip install -e .")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}")
    return path


def register_cjk_font() -> None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    if CJK_FONT_NAME not in names:
        font_manager.fontManager.addfont(str(cjk_font_path()))


def use_house_style() -> None:
    """Apply the compendium's rcParams. Latin text in DejaVu Sans, Chinese falls back to Noto."""
    register_cjk_font()
    plt.rcParams.update(
        {
            # a list of families (not the "sans-serif" alias) so matplotlib falls back per glyph
            "font.family": [LATIN_FONT_NAME, CJK_FONT_NAME],
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 8.5,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "lines.linewidth": 1.8,
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
            "svg.fonttype": "path",  # glyphs as paths: the SVG renders without the font
            "svg.hashsalt": "clustermodels",  # stable element ids, so unchanged SVGs give no diff
        }
    )


def check_lang(lang: str) -> str:
    from .parameters import check_choice

    return check_choice("lang", lang, LANGS)


FIGURE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}  # no timestamps


def save_figure(fig: plt.Figure, folder: Path, name: str) -> list[Path]:
    """Save ``fig`` as ``name.png`` and ``name.svg`` without timestamps; return the paths.
    Each file goes to a fresh temporary name and is then moved into place (see ``outputs``)."""
    from .outputs import OutputFolder

    return OutputFolder(Path(folder)).save_figure(fig, name)
