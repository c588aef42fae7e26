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

# Figures are drawn for the width they are shown at: the notebooks and a book page show images at
# most DISPLAY_WIDTH_PX wide, one figure inch as DISPLAY_DPI screen pixels. Every text must then be
# at least MIN_TEXT_PX high on screen, the size of body text (JupyterLab: 14 px), so a figure is at
# most MAX_WIDTH_IN wide and no font is below MIN_FONT_PT; genuinely wide content is split or taller.
DISPLAY_WIDTH_PX = 760
DISPLAY_DPI = 100
SAVE_DPI = 200  # twice the display density: sharp on high-resolution screens
MAX_WIDTH_IN = DISPLAY_WIDTH_PX / DISPLAY_DPI - 0.2  # savefig's tight box adds 0.1 in each side
MIN_FONT_PT = 10
MIN_TEXT_PX = 13.5  # MIN_FONT_PT at DISPLAY_DPI is 13.9 px

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
    from . import mathtext_cache

    register_cjk_font()
    mathtext_cache.install()  # the tick labels are math text: parse each once, not per renderer
    plt.rcParams.update(
        {
            # a list of families (not the "sans-serif" alias) so matplotlib falls back per glyph
            "font.family": [LATIN_FONT_NAME, CJK_FONT_NAME],
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "xtick.labelsize": 10.5,
            "ytick.labelsize": 10.5,
            "legend.fontsize": 10.5,
            "figure.titlesize": 12,
            "axes.formatter.useoffset": False,  # no "1e8" offset text: units go in the axis label
            "axes.formatter.use_mathtext": True,  # 10⁸, never 1e8, where scientific notation is used
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "lines.linewidth": 1.8,
            "figure.dpi": DISPLAY_DPI,
            "savefig.dpi": SAVE_DPI,
            "savefig.bbox": "tight",
            "svg.fonttype": "path",  # glyphs as paths: the SVG renders without the font
            "svg.hashsalt": "clustermodels",  # stable element ids, so unchanged SVGs give no diff
        }
    )


def _text_width_pt(text: str, fontsize: float) -> float:
    """Rough printed width: a CJK character is one em wide, a Latin one about 0.55 em."""
    import unicodedata

    return fontsize * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


CLOSING_MARKS = set("）)]】」』、，。；：！？,.;:!?%")


def wrap(text: str, width_in: float = MAX_WIDTH_IN * 0.95, fontsize: float = 12) -> str:
    """``text`` broken into lines that fit ``width_in`` at ``fontsize``: at spaces, and between
    CJK characters (Chinese has no spaces), so a title fits the figure in both languages."""
    import re
    import unicodedata

    limit = width_in * 72
    lines = []
    for paragraph in text.split("\n"):
        tokens = re.findall(r"\s+|[^\s]", paragraph)
        # glue Latin runs into words; every CJK character is a token of its own
        words, current = [], ""
        for t in tokens:
            cjk = unicodedata.east_asian_width(t[0]) in "WF"
            if t.isspace() or cjk:
                if current:
                    words.append(current)
                    current = ""
                words.append(t)
            else:
                current += t
        if current:
            words.append(current)
        line = ""
        for w in words:
            # a closing mark never starts a line (Chinese line-breaking rule)
            if line and w not in CLOSING_MARKS and _text_width_pt((line + w).rstrip(), fontsize) > limit:
                lines.append(line.rstrip())
                line = "" if w.isspace() else w
            else:
                line += w
        lines.append(line.rstrip())
    return "\n".join(lines)


def display_width(png_width_px: int) -> int:
    """The width (screen px) a saved PNG is shown at: its natural size, at most DISPLAY_WIDTH_PX."""
    return min(DISPLAY_WIDTH_PX, round(png_width_px * DISPLAY_DPI / SAVE_DPI))


class IllegibleFigure(ValueError):
    """A figure has text smaller than body text at the width it is shown at."""


def illegible_texts(fig: plt.Figure, png_width_px: int) -> list[tuple[str, float]]:
    """The visible texts of ``fig`` (saved ``png_width_px`` wide) that show below MIN_TEXT_PX,
    with their height on screen in px."""
    from matplotlib.text import Text

    scale = display_width(png_width_px) / png_width_px
    small = []
    for artist in fig.findobj(Text):
        label = artist.get_text().strip()
        if not label or not artist.get_visible():
            continue
        px = artist.get_fontsize() * SAVE_DPI / 72 * scale
        if px < MIN_TEXT_PX - 1e-9:
            small.append((label, px))
    return small


def check_legible(fig: plt.Figure, png_width_px: int, name: str) -> None:
    small = illegible_texts(fig, png_width_px)
    if small:
        shown = "; ".join(f"{label[:30]!r} {px:.1f} px" for label, px in small[:5])
        raise IllegibleFigure(f"figure {name!r} ({png_width_px} px wide, shown at {display_width(png_width_px)} px) "
                              f"has {len(small)} texts below {MIN_TEXT_PX} px on screen: {shown}")


def check_lang(lang: str) -> str:
    from .parameters import check_choice

    return check_choice("lang", lang, LANGS)


FIGURE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}  # no timestamps


def save_figure(fig: plt.Figure, folder: Path, name: str) -> list[Path]:
    """Save ``fig`` as ``name.png`` and ``name.svg`` without timestamps; return the paths.
    Each file goes to a fresh temporary name and is then moved into place (see ``outputs``)."""
    from .outputs import OutputFolder

    return OutputFolder(Path(folder)).save_figure(fig, name)


# The explore panel's figures: the default run in grey, this run in colour over it.
DEFAULT_RUN_COLOR = "#AAAAAA"
THIS_RUN_COLOR = PALETTE[0]


def detached_figure(height_in: float):
    """A figure MAX_WIDTH_IN wide that pyplot does not keep: the explore panel draws in a worker
    thread (pyplot is not thread-safe) and drops each figure once it is a PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(MAX_WIDTH_IN, height_in), dpi=DISPLAY_DPI)
    FigureCanvasAgg(fig)
    return fig
