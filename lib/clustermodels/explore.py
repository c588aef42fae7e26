"""Explore a paper's model live in JupyterLab: ``explore("04")`` shows a control for each
parameter its declaration marks ``explore``, and on each change calls the paper's run API
(:mod:`clustermodels.runapi`, no notebook, no files) and redraws the paper's headline figure and
key numbers, this run beside the default run.

A run goes to a worker thread, so the controls never wait (paper 3 and its figure take about 1.5 s); a status
line says when it is working, and only the latest change is shown. Sliders report a value when
released (``continuous_update=False``), so dragging starts one run, not dozens. A refused
combination shows the same one-line message as ``clustermodels run``.
"""

from __future__ import annotations

import html
import importlib
import io
import threading

from matplotlib.figure import Figure

from . import i18n, style
from .i18n import N_, _
from .parameters import ParameterError
from .paramtable import declaration
from .paths import repo_root
from .runapi import PAPERS, paper_module

# The key numbers each panel shows: (key of the run API, label with unit).
KEY_NUMBERS = {
    "01": [("green_flow", N_("green flow (total)")), ("economic_flow", N_("economic flow (total)")),
           ("ecological_value", N_("ecological value")), ("economic_value", N_("economic value")),
           ("max_supplier_utilisation", N_("largest supplier utilisation"))],
    "02": [("baseline.capability_final", N_("innovation capability in the final year")),
           ("sensitivity.knowledge_restructuring.capability_final",
            N_("the same, knowledge restructuring raised")),
           ("sensitivity.resource_mining.capability_final", N_("the same, resource mining raised")),
           ("sensitivity.technology_upgrading.capability_final", N_("the same, technology upgrading raised"))],
    "03": [("scenarios.2012.1.energy_saving_1e4_tj", N_("2012 scenario 1: energy saving at the shown point (10⁴ TJ)")),
           ("2012_s1.energy_saving_max_1e4_tj", N_("2012 scenario 1: largest energy saving (10⁴ TJ)")),
           ("2012_s1.value_added_change_max_trillion", N_("2012 scenario 1: largest value added change (trillion yuan)")),
           ("scenarios.2012.1.suppressed_value_added_min_trillion",
            N_("2012 scenario 1: smallest value added of the suppressed sectors (trillion yuan)")),
           ("2012_s1.sign_agreement_at_point.agree", N_("2012 scenario 1: sectors moving as in the paper (of 34)"))],
    "04": [("player_benefit.1", N_("benefit of player 1 (10⁸ yuan)")),
           ("player_benefit.2", N_("benefit of player 2 (10⁸ yuan)")),
           ("player_benefit.3", N_("benefit of player 3 (10⁸ yuan)")),
           ("player_benefit.4", N_("benefit of player 4 (10⁸ yuan)")),
           ("paper_structure_formed", N_("the paper's coalitions form (1 yes, 0 no)"))],
}
CHINESE_FACE = ("<style>.cm-explore-zh, .cm-explore-zh * { font-family: 'Noto Sans CJK SC', "
                "'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; }</style>")
DIGITS = 4  # decimals shown of every key number
# Parameters every run of a panel shares: paper 3 solves 2012 only (both years take twice as long).
FIXED = {"03": {"years": ["2012"]}}


def shown(value: float) -> str:
    """A key number as the panel shows it (the browser test compares with this): a count or a
    flag (an int in the run API) without decimals."""
    return i18n.number(value, 0) if isinstance(value, int) else i18n.number(float(value), DIGITS)


def start_values(paper: str) -> dict:
    """The value each control starts at: the declared default, or the data file's value where the
    default is ``None`` (the declaration's ``start``)."""
    return {p.name: p.default if p.default is not None else p.start for p in declaration(paper) if p.explore}


def figure(paper: str, default: dict, run: dict | None) -> Figure:
    """The paper's headline figure, the default run (grey) and this run (colour; None: not run
    yet): its ``plots.panel_figure`` drawing the figure data of its ``headline_with_figure``."""
    plots = importlib.import_module(PAPERS[paper].rsplit(".", 1)[0] + ".plots")
    return plots.panel_figure(default, run, i18n.language())


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def readout(paper: str, default: dict, run: dict | None) -> str:
    """The key numbers as an HTML table: default run, this run, change."""
    cell = "padding:2px 12px;text-align:right;white-space:nowrap"
    head = "".join(f"<th style='padding:2px 12px;white-space:nowrap;text-align:{'left' if i == 0 else 'right'}'>"
                   f"{html.escape(h)}</th>"
                   for i, h in enumerate((_("key number"), _("default run"), _("this run"), _("change"))))
    rows = []
    for key, label in KEY_NUMBERS[paper]:
        this = "—" if run is None else shown(run[key])
        change = "—" if run is None else ("+" if run[key] > default[key] else "") + shown(run[key] - default[key])
        name = html.escape(_(label))
        rows.append(f"<tr><td style='padding:2px 12px 2px 0'>{name}</td>"
                    f"<td style='{cell}'>{shown(default[key])}</td>"
                    f"<td class='cm-this-run' data-key='{key}' style='{cell}'>{this}</td>"
                    f"<td style='{cell}'>{change}</td></tr>")
    return (f"<table class='cm-readout' style='border-collapse:collapse'><tr>{head}</tr>{''.join(rows)}"
            "</table>")


def control(parameter, value):
    import ipywidgets as widgets

    common = {"description": parameter.name, "style": {"description_width": "initial"},
              "layout": widgets.Layout(width="460px")}
    if parameter.kind == "choice":
        return widgets.Dropdown(options=list(parameter.choices), value=value, **common)
    if parameter.kind == "flag":
        return widgets.Checkbox(value=value, **common)
    low, high, step = parameter.slider
    kind = widgets.IntSlider if parameter.kind == "integer" else widgets.FloatSlider
    extra = {} if parameter.kind == "integer" else {"readout_format": ".4g"}
    return kind(value=value, min=low, max=high, step=step, continuous_update=False, **common, **extra)


class Panel:
    """The controls, the status line, the figure and the readout of one paper; ``run`` computes
    in a worker thread and shows only the result of the latest change."""

    def __init__(self, paper: str, lang: str):
        import ipywidgets as widgets

        self.paper, self.lang = paper, i18n.activate(lang)
        self.module = paper_module(paper)
        self.controls = {}
        self.default, self.default_figure = self.module.headline_with_figure(**self.params())
        self.controls = {name: control(declaration(paper)[name], value) for name, value in start_values(paper).items()}
        self.status = widgets.HTML(value=_("Move a control: the model reruns with the new value."))
        self.image = widgets.Image(value=png(figure(paper, self.default_figure, None)), format="png",
                                   layout=widgets.Layout(width="740px"))
        self.table = widgets.HTML(value=readout(paper, self.default, None), layout=widgets.Layout(width="760px"))
        self._latest = 0
        self._lock = threading.Lock()
        for widget in self.controls.values():
            widget.observe(self._changed, names="value")
        title = _("Explore the model live")
        self.widget = widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>" + CHINESE_FACE * (lang == "zh")),
                                    *self.controls.values(), self.status, self.table, self.image])
        if lang == "zh":  # JupyterLab's UI font has no Chinese: the browser would fall back to a serif face
            self.widget.add_class("cm-explore-zh")

    def params(self) -> dict:
        return {"lang": self.lang, **FIXED.get(self.paper, {}), **{name: w.value for name, w in self.controls.items()}}

    def _changed(self, _change=None) -> None:
        with self._lock:
            self._latest += 1
            ticket = self._latest
        working = _("Computing…")
        self.status.value = f"<span class='cm-status-working'>⏳ {html.escape(working)}</span>"
        threading.Thread(target=self._run, args=(ticket, self.params()), daemon=True).start()

    def _run(self, ticket: int, params: dict) -> None:
        i18n.activate(self.lang)  # a new thread starts in the default language
        try:
            (numbers, drawn), error = self.module.headline_with_figure(**params), None
        except ParameterError as exc:
            numbers, drawn, error = None, None, str(exc)
        except Exception as exc:  # what validation did not foresee: one line, as the CLI prints it
            numbers, drawn, error = None, None, f"parameters rejected: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        if ticket != self._latest:  # a newer change is running; its result will be shown
            return
        if error is not None:
            self.status.value = f"<span class='cm-status-error' style='color:#B00020'>{html.escape(error)}</span>"
            return
        self.table.value = readout(self.paper, self.default, numbers)
        self.image.value = png(figure(self.paper, self.default_figure, drawn))
        done = _("Done: this run beside the default run.")
        self.status.value = f"<span class='cm-status-done'>{html.escape(done)}</span>"


def still_path(paper: str, lang: str):
    """``figures/explore/<lang>/<notebook>.png``: the panel as JupyterLab shows it, taken by
    ``book/explore_stills.py`` (a screenshot, so not written by the reproduction)."""
    stem = importlib.import_module(PAPERS[paper].rsplit(".", 1)[0]).NOTEBOOK
    return repo_root() / "figures" / "explore" / lang / f"{stem}.png"


def still(paper: str, lang: str = "en"):
    """The still image of the panel, for the static book and for a notebook run without a browser:
    HTML with the PNG inline and a description for screen readers (the book numbers and captions
    only the figures a notebook saves)."""
    import base64

    from IPython.display import HTML

    i18n.activate(lang)
    data = base64.b64encode(still_path(paper, lang).read_bytes()).decode("ascii")
    alt = html.escape(_("The explore panel in JupyterLab after one control was moved: the key numbers and the "
                        "paper's headline figure of this run beside the default run."), quote=True)
    return HTML(f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%;width:660px">')


def explore(paper: str, lang: str = "en"):
    """The live panel of paper ``"01"`` .. ``"04"`` (a widget; the notebook's last cell shows it)."""
    style.register_cjk_font()
    style.use_house_style()
    return Panel(paper, lang).widget
