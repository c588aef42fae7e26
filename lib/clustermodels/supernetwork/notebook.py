"""Parameters of notebook 01: defaults, validation, and the instance they resolve to.

``None`` means "the value in data/01_eco_cluster_supernetwork/instance.yaml"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..declaration import Declaration, Parameter
from ..parameters import ParameterError
from ..paths import repo_root
from ..style import LANGS
from .equilibrium import METHODS, NotMonotone, certify
from .model import Instance, load_instance
from .policies import apply

MAX_FILE_BYTES = 5_000_000  # an instance file is read whole

DECLARATION = Declaration("01", [
    Parameter("lang", "en", "choice", "figure language: \"zh\" is the paper's own labels (the Chinese edition)",
              "图表语言：\"zh\" 为论文原文标注（中文版）", choices=LANGS),
    Parameter("weights", None, "numbers", "preference weights w1 w2 w3 of every agent (ecological value, economic "
              "value, cost), summing to 1", "每个主体的偏好权重 w1 w2 w3（生态价值、经济价值、成本），和为 1",
              low=0, high=1, length=3, none="assumed 0.3 0.4 0.3", none_zh="假设值 0.3 0.4 0.3"),
    Parameter("green_subsidy", 0.0, "number", "share of the green-flow cost c paid by a subsidy or met by a standard",
              "绿色资源流成本 c 中由补贴承担或由标准满足的比例", unit="fraction", unit_zh="比例",
              low=0, high=1, high_open=True, explore=True, slider=(0, 0.9, 0.05)),
    Parameter("discard_tax", 0.0, "number", "tax per unit on discarding by-products c d g, passed on as a price cut",
              "对丢弃副产品 c、d、g 按单位征收的税，以降价形式转嫁", unit="per unit", unit_zh="每单位",
              low=0, high=10, explore=True, slider=(0, 2, 0.1)),
    Parameter("rd_saving", 0.0, "number", "R&D raise of the green-processing saving lambda (capped at phi)",
              "研发使绿色处理节约 λ 提高的比例（以 φ 为上限）", unit="fraction", unit_zh="比例",
              low=0, high=10, explore=True, slider=(0, 2, 0.1)),
    Parameter("instance_file", None, "structured", "another instance YAML (same schema), path relative to the "
              "repository", "另一份实例 YAML（同一格式），路径相对于仓库", none="the Xinwen instance",
              none_zh="新汶实例", allowed_text="a path to a YAML file",
              allowed_zh_text="一个 YAML 文件的路径", json_type=str),
    Parameter("tolerance", 1e-10, "number", "natural-map residual at which the solvers stop",
              "求解器停止时的自然映射残差", low=1e-14, high=1e-2),
    Parameter("method", "extragradient", "choice", "solver of the headline equilibrium",
              "求解主要均衡的算法（外梯度法或欧拉法）", choices=METHODS),
    Parameter("sweep_points", 9, "integer", "points per policy sweep in Fig. A3", "附图A3 中每项政策扫描的点数",
              low=2, high=200),
], data_file="data/01_eco_cluster_supernetwork/instance.yaml")
DEFAULTS = DECLARATION.defaults


@dataclass(frozen=True)
class Settings:
    lang: str
    base: Instance          # the instance as in the file (with the weights parameter)
    instance: Instance      # with the policy levers applied
    raw: dict
    waste_edges: np.ndarray
    tolerance: float
    method: str
    sweep_points: int
    certificate: dict


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one), load
    the instance and certify uniqueness. Nothing is written before this succeeds."""
    p = DECLARATION.validate(params)
    path = None
    if p["instance_file"] is not None:
        if not isinstance(p["instance_file"], str):
            raise ParameterError(f"parameter 'instance_file' = {p['instance_file']!r} is invalid: allowed a path")
        path = Path(p["instance_file"])
        path = path if path.is_absolute() else repo_root() / path
        if not path.is_file():
            raise ParameterError(f"parameter 'instance_file' = {p['instance_file']!r} is invalid: no such file")
    label = "parameter 'instance_file'" + ("" if path is None else f" = {p['instance_file']!r}")
    try:
        if path is not None and path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        base, raw = load_instance(path)
    except yaml.YAMLError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ParameterError(f"{label} is invalid: not readable as YAML ({first})") from None
    except UnicodeDecodeError:
        raise ParameterError(f"{label} is invalid: not a UTF-8 text (YAML) file") from None
    except (ValueError, KeyError, TypeError, OSError) as err:
        raise ParameterError(f"{label} is invalid: {err}") from None
    if p["weights"] is not None:
        w = p["weights"]
        if abs(sum(w) - 1) > 1e-9:
            raise ParameterError(f"parameter 'weights' = {list(w)!r} is invalid: allowed three numbers in "
                                 f"[0, 1] that sum to 1 (they sum to {sum(w):g})")
        base = base.with_(weights=np.array(w))
    waste = np.array([e["economic"] in raw["policies"]["waste_resources"] for e in raw["edges"]])
    inst = apply(base, waste, green_subsidy=p["green_subsidy"], discard_tax=p["discard_tax"], rd_saving=p["rd_saving"])
    try:
        certificate = certify(inst)
    except NotMonotone as err:
        raise ParameterError(f"parameters 'weights', 'green_subsidy', 'rd_saving' or 'instance_file' give "
                             f"an instance without a unique variational equilibrium: {err}") from None
    return Settings(p["lang"], base, inst, raw, waste, p["tolerance"], p["method"], p["sweep_points"], certificate)
