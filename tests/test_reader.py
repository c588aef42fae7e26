"""What the reader sees: legible figures, HTML tables, no paths outside the repository."""

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from clustermodels.outputs import OutputFolder
from clustermodels.paths import repo_root
from clustermodels.style import (MAX_WIDTH_IN, IllegibleFigure, display_width, illegible_texts,
                                 use_house_style, wrap)
from clustermodels.tables import Table


def test_house_style_text_is_body_size_at_the_widest_figure():
    use_house_style()
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 3))
    ax.set_title("title")
    ax.set_xlabel("x label")
    ax.plot([0, 1], [0, 1e8], label="a line")
    ax.legend()
    fig.canvas.draw()
    offset = ax.yaxis.get_offset_text().get_text()
    assert "1e8" not in offset and "10^{8}" in offset  # a multiplier, if any, reads ×10⁸, never 1e8
    png_width = round((MAX_WIDTH_IN + 0.2) * 200)  # what savefig's tight box gives at most
    assert illegible_texts(fig, png_width) == []
    plt.close(fig)


def test_a_figure_with_small_text_is_refused(tmp_path):
    use_house_style()
    fig, ax = plt.subplots(figsize=(10, 4))  # wider than shown: scaled down on screen
    ax.text(0.5, 0.5, "small", fontsize=8)
    with pytest.raises(IllegibleFigure, match="small"):
        OutputFolder(tmp_path).save_figure(fig, "wide")
    plt.close(fig)


def test_display_width_is_natural_size_up_to_the_page():
    assert display_width(1000) == 500
    assert display_width(3000) == 760


@pytest.mark.parametrize("text", ["Fig. A1  The two networks at equilibrium (line width = flow; computed by this compendium)",
                                  "附图A1  调整幅度、增长目标与节能节水、结构目标的权衡（本汇编，代理卫星数据）"])
def test_wrap_fits_and_keeps_every_character(text):
    lines = wrap(text, width_in=4, fontsize=12).split("\n")
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in "）),、，。" for line in lines)


def test_long_table_is_shortened_on_screen_with_its_csv_linked_and_checked_in_full():
    frame = pd.DataFrame({"code": range(40), "名称": ["部门"] * 40})
    table = Table(frame, "../figures/x/t.csv", max_rows=10)
    html = table._repr_html_()
    assert html.count("<tr>") == 10 and 'href="../figures/x/t.csv"' in html and "First 10 of 40" in html
    assert repr(table) == frame.to_string(index=False)  # nbval's plain text: every row
    assert Table(frame)._repr_html_().count("<tr>") == 40  # no CSV to link: nothing hidden


def test_no_path_outside_the_repository():
    root = repo_root()
    files = [root / "README.md", *(root / "notebooks").glob("*.py"), *(root / "lib").rglob("*.py")]
    assert not [f.name for f in files if re.search(r"shared/seeds", f.read_text(encoding="utf-8"))]
