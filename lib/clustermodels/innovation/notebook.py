"""Parameters of notebook 02: defaults, validation, and the model spec they resolve to.

``None`` means "the value in data/02_innovation_network_dynamics/model.yaml", so every number
lives in that one file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..declaration import Declaration, Parameter
from ..parameters import ParameterError
from ..style import LANGS
from .model import METHODS, ModelSpec, load_spec, step_count

# What a run may cost. Every simulation walks the time grid, PySD at about 1.6 ms a step (nine runs
# in the notebook), and the Fig. A3 sweep costs scenarios x steps x 9 vector operations.
MAX_STEPS = 4000            # time steps in the span: PySD's nine runs take about a minute at most
MAX_LOOKUP_POINTS = 1000    # points of the E(t) lookup
MAX_SWEEP_WORK = 160_000_000  # sweep_scenarios x time steps: 1e6 scenarios at the default 160 steps
CHECKPOINT_YEARS = (5, 10, 15)  # the notebook prints C(t) in these years (those before final_time)
EFFECT_RANGE = (0, 1)
COEFFICIENT_RANGE = (0, 1e4)  # every coefficient; the run API checks vectorised sweeps with the same bounds

# None means the value in model.yaml; the table shows it after the arrow.
DECLARATION = Declaration("02", [
    Parameter("lang", "en", "choice", "figure language: \"zh\" is the paper's own labels (the Chinese edition)",
              "图表语言：\"zh\" 为论文原文标注（中文版）", choices=LANGS),
    Parameter("final_time", None, "number", "end of the simulation (it starts in year 0)",
              "仿真终止时间（从第 0 年开始）", unit="years", unit_zh="年", low=0.1, high=200,
              none="paper: 20", none_zh="论文：20"),
    Parameter("time_step", None, "number", "time step; it must divide the time span and the years 5, 10, 15 "
              f"within it, at most {MAX_STEPS} steps", f"时间步长；须整除仿真时长及其中的第 5、10、15 年，"
              f"最多 {MAX_STEPS} 步", unit="years", unit_zh="年", low=0, low_open=True, high=5,
              none="assumed 0.125", none_zh="假设值 0.125"),
    Parameter("method", None, "choice", "integration method (Vensim's default is Euler; that the paper kept it is "
              "our inference)", "积分方法（Vensim 默认欧拉法；论文沿用默认值是我们的推断）", choices=METHODS,
              none="assumed \"euler\"", none_zh="假设值 \"euler\""),
    Parameter("effect", None, "number", "effect of each synergy element on innovation capability",
              "每个协同要素对创新能力的作用系数", unit="1/year", unit_zh="1/年", low=EFFECT_RANGE[0],
              high=EFFECT_RANGE[1], none="paper: 0.0015", none_zh="论文：0.0015", explore=True,
              slider=(0, 0.005, 0.0001), start=0.0015),
    Parameter("internal_coefficients", None, "numbers", "coefficients of the four synergy elements inside the "
              "cluster: resource mining, process improvement, knowledge restructuring, technology upgrading",
              "集群内部四个协同要素的系数：资源挖潜、流程提升、知识重构、技术升级", low=COEFFICIENT_RANGE[0],
              high=COEFFICIENT_RANGE[1], length=4, none="paper: 10, 4, 20, 1", none_zh="论文：10、4、20、1"),
    Parameter("external_coefficients", None, "numbers", "coefficients of the four synergy elements outside the "
              "cluster: resource utilisation, process integration, knowledge internalisation, technology "
              "acquisition", "集群外部四个协同要素的系数：资源利用、流程整合、知识内化、技术获取",
              low=COEFFICIENT_RANGE[0], high=COEFFICIENT_RANGE[1], length=4, none="paper: 20, 1, 10, 4",
              none_zh="论文：20、1、10、4"),
    Parameter("lookup_x", None, "numbers", "years of the lookup of the embedded dynamic capability E(t)",
              "网络嵌入动态能力 E(t) 表函数的年份", unit="years", unit_zh="年", low=-1e3, high=1e3, min_length=2,
              max_length=MAX_LOOKUP_POINTS, increasing=True, none="assumed 0, 1, ..., 20",
              none_zh="假设值 0、1、…、20"),
    Parameter("lookup_y", None, "numbers", "values of E(t) at lookup_x (a list of the same length)",
              "E(t) 在 lookup_x 各年的取值（等长列表）", low=0, high=1e4, min_length=2,
              max_length=MAX_LOOKUP_POINTS, none="assumed slow-fast-slow S-curve to 4.6",
              none_zh="假设值：先慢、后快、再慢地升至 4.6 的 S 形曲线"),
    Parameter("sensitivity_increase", None, "number", "raise of each synergy element in Figs. 5-6",
              "图 5-6 中各协同要素的提升幅度", unit="fraction", unit_zh="比例", low=0, low_open=True, high=10,
              none="paper: 0.5", none_zh="论文：0.5", explore=True, slider=(0.1, 2, 0.1), start=0.5),
    Parameter("sweep_scenarios", None, "integer", "scenarios of the Fig. A3 sweep; scenarios x time steps at most "
              f"{MAX_SWEEP_WORK:.3g}", f"附图A3 扫描的情景数；情景数 × 时间步数不超过 {MAX_SWEEP_WORK:.3g}",
              low=1, high=1_000_000, none="assumed 10000", none_zh="假设值 10000"),
    Parameter("sweep_spread", None, "number", "spread of the coefficients in Fig. A3", "附图A3 中系数的变动幅度",
              unit="fraction", unit_zh="比例", low=0, high=1, high_open=True, none="assumed 0.5",
              none_zh="假设值 0.5"),
    Parameter("seed", None, "integer", "random seed of Fig. A3", "附图A3 的随机数种子", low=0, high=2**32 - 1,
              none="assumed 20240229", none_zh="假设值 20240229"),
], data_file="data/02_innovation_network_dynamics/model.yaml")
DEFAULTS = DECLARATION.defaults


@dataclass(frozen=True)
class Settings:
    lang: str
    spec: ModelSpec
    increase: float
    sweep_scenarios: int
    sweep_spread: float
    seed: int


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one)
    and build the model spec. Nothing is computed or written before this succeeds."""
    p = DECLARATION.validate(params)
    base = load_spec()
    raw = base.source

    def pick(name, default):
        return default if p[name] is None else p[name]

    final_time = pick("final_time", base.final_time)
    time_step = pick("time_step", base.time_step)
    span = final_time - base.initial_time
    marks = [t for t in CHECKPOINT_YEARS if base.initial_time < t < final_time]
    step_rule = (f"a step in (0, 5] years that divides the time span {span:g} years"
                 + (f" and the year(s) {', '.join(f'{t:g}' for t in marks)} (where C(t) is reported)"
                    if marks else "")
                 + f" into whole numbers of steps, at most {MAX_STEPS} steps in the span "
                   f"(so at least {span / MAX_STEPS:g} years)")
    if span / time_step > MAX_STEPS + 0.5:
        raise ParameterError(f"parameter 'time_step' = {time_step!r} is invalid: allowed {step_rule}")
    try:
        steps = step_count(base.initial_time, final_time, time_step)
        for t in marks:
            step_count(base.initial_time, t, time_step)
    except ValueError:
        raise ParameterError(f"parameter 'time_step' = {time_step!r} is invalid: allowed {step_rule}") from None
    method = pick("method", base.method)
    effect = pick("effect", base.effect)
    coef = base.coefficients.copy()
    for side in ("internal", "external"):
        if p[f"{side}_coefficients"] is not None:
            coef[base.side_mask(side)] = p[f"{side}_coefficients"]
    lookup_x = tuple(pick("lookup_x", base.lookup_x))
    lookup_y = tuple(pick("lookup_y", base.lookup_y))
    if len(lookup_x) != len(lookup_y):
        raise ParameterError(
            f"parameters 'lookup_x' and 'lookup_y' are invalid: allowed two lists of the same "
            f"length (got {len(lookup_x)} and {len(lookup_y)})"
        )
    increase = pick("sensitivity_increase", raw["sensitivity"]["increase"]["value"])
    sweep = raw["sweep"]
    scenarios = pick("sweep_scenarios", sweep["scenarios"]["value"])
    if scenarios * steps > MAX_SWEEP_WORK:
        raise ParameterError(
            f"parameter 'sweep_scenarios' = {scenarios!r} is invalid with {steps} time steps: allowed an "
            f"integer in [1, {min(1_000_000, MAX_SWEEP_WORK // steps)}] (scenarios x time steps at most "
            f"{MAX_SWEEP_WORK:.3g}; a larger sweep needs a larger time_step)")
    spread = pick("sweep_spread", sweep["spread"]["value"])
    seed = pick("seed", sweep["seed"]["value"])
    spec = base.with_coefficients(coef).with_(
        final_time=final_time, time_step=time_step, method=method, effect=effect,
        lookup_x=lookup_x, lookup_y=lookup_y,
    )
    return Settings(p["lang"], spec, float(increase), int(scenarios), float(spread), int(seed))
