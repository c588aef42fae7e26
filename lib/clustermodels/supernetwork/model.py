"""The supernetwork model (1) with explicit functional forms, and its VI map F of (3)-(4).

Each edge k joins a buyer i and a supplier j: a_k in [0, 1] is the green-resource flow level
between them and b_k >= 0 the economic resources i takes from j; what all buyers take from j
together is at most available_j (the paper's b_j, the resources j holds; see :mod:`.feasible`).
Agent i maximises

    U_i = w1 sum_k gv_k(a_k) + w2 sum_k ev_k(a_k, b_k) - w3 sum_k [c_k(a_k) + f_k(a_k, b_k) + d_k(b)]

over its own edges, with gv = g (a - a^2/2), c = c a^2/2, ev = e b - h b^2/2 + theta a b,
f = phi b + psi b^2/2 - lambda a b and d_k = (price_j - discount_k + scarcity_j S_j) b_k, S_j = sum of all
takes from supplier j. The last term couples the agents. F = -(dU_i/d own variable):

    F1_k = w3 c a - w3 lambda b - w2 theta b - w1 g (1 - a)                                 (3)
    F2_k = w3 (phi + psi b - lambda a + price_j + scarcity_j (S_j + b)) - w2 (e - h b + theta a)   (4)

F is affine, X -> M X + q. M is symmetric (a potential game: F is the gradient of a convex
potential, which also justifies the Euler method) only if the buyers of each supplier share the
cost weight w3, since dF2_k/db_l = w3(buyer of k) scarcity_j for two edges k, l of supplier j;
:class:`Instance` therefore rejects weights that break this. Its symmetric part is positive
definite when every edge's 2x2 block [[alpha, -beta], [-beta, gamma]] is, with alpha = w3 c + w1 g,
beta = w3 lambda + w2 theta, gamma = w3 (psi + scarcity_j) + w2 h: the remaining scarcity terms
w3 scarcity_j (1 1^T) are positive semidefinite (with a shared w3). The smallest block eigenvalue
is then a lower bound on the strong-monotonicity modulus, which makes the variational equilibrium
unique (the solution of the VI; the capped game has other equilibria, see :mod:`.gne`).

The net acquisition price price_j - discount_k may be negative: a discard tax above the price
makes the supplier pay the buyer to take its waste (a gate fee), which is what such a tax implies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK
from .feasible import CappedBox

EDGE_PARAMS = ("g", "c", "e", "h", "theta", "phi", "psi", "lam")
MODES = ("nash", "cooperative")


@dataclass(frozen=True)
class Instance:
    agents: tuple[str, ...]
    buyer: np.ndarray       # edge -> buyer agent index
    supplier: np.ndarray    # edge -> supplier agent index
    g: np.ndarray
    c: np.ndarray
    e: np.ndarray
    h: np.ndarray
    theta: np.ndarray
    phi: np.ndarray
    psi: np.ndarray
    lam: np.ndarray
    available: np.ndarray   # per agent: economic resources it can supply
    price: np.ndarray       # per agent
    scarcity: np.ndarray    # per agent
    weights: np.ndarray     # (m, 3): w1, w2, w3 of each agent
    discount: np.ndarray | None = None  # per edge: price cut (a discard tax passed on); default 0

    def __post_init__(self):
        m, n_edges = len(self.agents), len(self.buyer)
        for name in EDGE_PARAMS:
            arr = np.asarray(getattr(self, name), dtype=float)
            object.__setattr__(self, name, arr)
            if arr.shape != (n_edges,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"edge parameter {name!r} must be {n_edges} finite numbers >= 0")
        for name in ("available", "price", "scarcity"):
            arr = np.asarray(getattr(self, name), dtype=float)
            object.__setattr__(self, name, arr)
            if arr.shape != (m,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"agent parameter {name!r} must be {m} finite numbers >= 0")
        disc = np.zeros(n_edges) if self.discount is None else np.asarray(self.discount, float)
        object.__setattr__(self, "discount", disc)
        if disc.shape != (n_edges,) or np.any(disc < 0):
            raise ValueError(f"discount must be {n_edges} numbers >= 0")
        w = np.asarray(self.weights, dtype=float)
        if w.shape == (3,):
            w = np.tile(w, (m, 1))
        object.__setattr__(self, "weights", w)
        if w.shape != (m, 3) or np.any(w < 0) or not np.allclose(w.sum(axis=1), 1.0, atol=1e-9):
            raise ValueError("weights w1, w2, w3 must be >= 0 and sum to 1 for every agent")
        w3 = w[self.buyer, 2]
        spread = np.zeros(m)
        for fn in (np.maximum, np.minimum):
            ext = np.full(m, -np.inf if fn is np.maximum else np.inf)
            fn.at(ext, self.supplier, w3)
            spread = spread + (ext if fn is np.maximum else -ext)
        shared = (self.scarcity == 0) | ~np.isfinite(spread) | (spread <= 1e-12)
        if not shared.all():
            j = int(np.flatnonzero(~shared)[0])
            buyers = sorted({self.agents[i] for i in self.buyer[self.supplier == j]})
            raise ValueError(
                f"weights: the buyers of supplier {self.agents[j]} ({', '.join(buyers)}) must share the cost "
                f"weight w3 (allowed: one w3 per supplier's buyers; got {sorted(set(np.round(w3[self.supplier == j], 12)))}); "
                f"otherwise the Jacobian of F is not symmetric, the game has no potential and the "
                f"monotonicity certificate and the Euler method lose their justification")
        if np.any(self.lam > self.phi + 1e-12):
            k = int(np.argmax(self.lam - self.phi))
            raise ValueError(f"edge {k}: the green-processing saving lambda ({self.lam[k]:g}) exceeds the "
                             f"processing cost phi ({self.phi[k]:g}); processing would pay for itself")

    @property
    def m(self) -> int:
        return len(self.agents)

    @property
    def n_edges(self) -> int:
        return len(self.buyer)

    def with_(self, **changes) -> "Instance":
        return replace(self, **changes)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The per-edge box: 0 <= a <= 1, 0 <= b <= available of the edge's supplier."""
        lower = np.zeros(2 * self.n_edges)
        upper = np.r_[np.ones(self.n_edges), self.available[self.supplier]]
        return lower, upper

    def feasible_set(self) -> CappedBox:
        """K: the per-edge box and, per supplier j, sum of b over j's edges <= available_j."""
        lower, upper = self.bounds()
        return CappedBox(lower, upper, group=self.supplier, cap=self.available)

    def split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return x[: self.n_edges], x[self.n_edges:]

    def edge_weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = self.weights[self.buyer]
        return w[:, 0], w[:, 1], w[:, 2]

    def supplier_totals(self, b: np.ndarray) -> np.ndarray:
        return np.bincount(self.supplier, weights=b, minlength=self.m)


def make_F(inst: Instance, mode: str = "nash"):
    """The VI map of (3)-(4) as a fast function of X (coefficients computed once).
    ``mode="cooperative"``: the planner's map, in which each buyer also pays for the scarcity it
    causes the others (2 scarcity_j S_j instead of scarcity_j (S_j + b))."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is unknown; allowed one of {MODES}")
    n, supplier, m = inst.n_edges, inst.supplier, inst.m
    w1, w2, w3 = inst.edge_weights()
    r = inst.scarcity[supplier]
    alpha = w3 * inst.c + w1 * inst.g
    beta = w3 * inst.lam + w2 * inst.theta
    own = w3 * (inst.psi + (r if mode == "nash" else 0.0)) + w2 * inst.h
    shared = w3 * r * (1.0 if mode == "nash" else 2.0)
    q1 = -w1 * inst.g
    q2 = w3 * (inst.phi + inst.price[supplier] - inst.discount) - w2 * inst.e
    out = np.empty(2 * n)

    def F(x: np.ndarray) -> np.ndarray:
        a, b = x[:n], x[n:]
        S = np.bincount(supplier, weights=b, minlength=m)[supplier]
        np.multiply(alpha, a, out=out[:n])
        out[:n] -= beta * b
        out[:n] += q1
        np.multiply(own, b, out=out[n:])
        out[n:] += shared * S
        out[n:] -= beta * a
        out[n:] += q2
        return out.copy()

    return F


def F(inst: Instance, x: np.ndarray, mode: str = "nash") -> np.ndarray:
    """F(X) of (3)-(4); see :func:`make_F`."""
    return make_F(inst, mode)(x)


def edge_terms(inst: Instance, x: np.ndarray) -> dict[str, np.ndarray]:
    """Each edge's ecological value, economic value and the three costs at X."""
    a, b = inst.split(x)
    S = inst.supplier_totals(b)[inst.supplier]
    return {
        "ecological": inst.g * (a - a * a / 2),
        "economic": inst.e * b - inst.h * b * b / 2 + inst.theta * a * b,
        "green_cost": inst.c * a * a / 2,
        "processing_cost": inst.phi * b + inst.psi * b * b / 2 - inst.lam * a * b,
        "acquisition_cost": (inst.price[inst.supplier] - inst.discount + inst.scarcity[inst.supplier] * S) * b,
    }


def utilities(inst: Instance, x: np.ndarray) -> np.ndarray:
    """U_i of (1) for every agent (used to check F against finite differences)."""
    t = edge_terms(inst, x)
    w1, w2, w3 = inst.edge_weights()
    per_edge = (w1 * t["ecological"] + w2 * t["economic"]
                - w3 * (t["green_cost"] + t["processing_cost"] + t["acquisition_cost"]))
    return np.bincount(inst.buyer, weights=per_edge, minlength=inst.m)


def agent_table(inst: Instance, x: np.ndarray) -> pd.DataFrame:
    """Per agent (as buyer): ecological value, economic value, total cost, utility."""
    t = edge_terms(inst, x)
    cost = t["green_cost"] + t["processing_cost"] + t["acquisition_cost"]

    def per_agent(values):
        return np.bincount(inst.buyer, weights=values, minlength=inst.m)

    return pd.DataFrame({"agent": inst.agents, "ecological value": per_agent(t["ecological"]),
                         "economic value": per_agent(t["economic"]), "cost": per_agent(cost),
                         "utility U_i": utilities(inst, x)})


def totals(inst: Instance, x: np.ndarray) -> dict[str, float]:
    t = edge_terms(inst, x)
    a, b = inst.split(x)
    return {"ecological_value": float(t["ecological"].sum()), "economic_value": float(t["economic"].sum()),
            "cost": float((t["green_cost"] + t["processing_cost"] + t["acquisition_cost"]).sum()),
            "green_flow": float(a.sum()), "economic_flow": float(b.sum())}


def block_min_eigenvalues(inst: Instance) -> np.ndarray:
    """Smallest eigenvalue of each edge's 2x2 block of the symmetric Jacobian (see module doc)."""
    w1, w2, w3 = inst.edge_weights()
    alpha = w3 * inst.c + w1 * inst.g
    beta = w3 * inst.lam + w2 * inst.theta
    gamma = w3 * (inst.psi + inst.scarcity[inst.supplier]) + w2 * inst.h
    return (alpha + gamma) / 2 - np.sqrt(((alpha - gamma) / 2) ** 2 + beta ** 2)


def jacobian(inst: Instance, mode: str = "nash") -> np.ndarray:
    """The dense Jacobian of F (constant: F is affine). Small instances only."""
    n = 2 * inst.n_edges
    f = make_F(inst, mode)
    base = f(np.zeros(n))
    return np.column_stack([f(np.eye(n)[k]) - base for k in range(n)])


def min_eigenvalue(inst: Instance, mode: str = "nash") -> float:
    """The exact strong-monotonicity modulus: smallest eigenvalue of the Jacobian's symmetric part."""
    J = jacobian(inst, mode)
    return float(np.linalg.eigvalsh((J + J.T) / 2).min())


MAX_AGENTS = 100       # an instance file's agents (the notebook's figures draw every one)
MAX_EDGES = 500        # and its flows: the notebook solves about 40 + 4 x sweep_points equilibria
MAX_NUMBER = 1e6       # every number of an instance file lies in [0, MAX_NUMBER]
POLICY_LIMITS = {"green_subsidy": (0.0, 1.0, True), "discard_tax": (0.0, 10.0, False),
                 "rd_saving": (0.0, 10.0, False), "w1": (0.0, 1.0, False)}


def _number(where: str, value, high: float = MAX_NUMBER, high_open: bool = False) -> float:
    ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)
          and 0 <= value <= high and not (high_open and value == high))
    if not ok:
        raise ValueError(f"{where} = {value!r} must be a number in [0, {high:g}{')' if high_open else ']'}")
    return float(value)


def validate_raw(raw) -> None:
    """Check an instance file's contents against the schema of ``instance.yaml`` (every key the
    notebook reads), raising ValueError that says what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"the file must hold a YAML mapping with the keys of instance.yaml, not a "
                         f"{type(raw).__name__}")
    need = ("weights", "agents", "defaults", "edges", "economic_resources", "green_resources", "policies")
    missing = [k for k in need if k not in raw]
    if missing:
        raise ValueError(f"missing key(s) {', '.join(missing)} (needs {', '.join(need)})")
    w = raw["weights"]
    if not isinstance(w, dict) or set(w) != {"w1", "w2", "w3"}:
        raise ValueError("weights must be a mapping {w1, w2, w3}")
    for k in ("w1", "w2", "w3"):
        _number(f"weights.{k}", w[k], high=1)
    agents = raw["agents"]
    if not isinstance(agents, list) or not 2 <= len(agents) <= MAX_AGENTS:
        raise ValueError(f"agents must be a list of 2 to {MAX_AGENTS} agents")
    ids = []
    for i, a in enumerate(agents):
        if not isinstance(a, dict):
            raise ValueError(f"agent {i + 1} must be a mapping, got {a!r}")
        lacking = [k for k in ("id", "zh", "en", "label_source", "available", "price", "scarcity") if k not in a]
        if lacking:
            raise ValueError(f"agent {i + 1} lacks {', '.join(lacking)}")
        if not isinstance(a["id"], str) or not a["id"]:
            raise ValueError(f"agent {i + 1}: id {a['id']!r} must be a non-empty string")
        for k in ("available", "price", "scarcity"):
            _number(f"agent {a['id']}: {k}", a[k])
        ids.append(a["id"])
    dupes = sorted({a for a in ids if ids.count(a) > 1})
    if dupes:
        raise ValueError(f"agent id(s) {', '.join(dupes)} appear more than once (each agent once)")
    d = raw["defaults"]
    names = ("g", "c", "e", "h", "theta", "phi", "psi", "lambda")
    if not isinstance(d, dict) or any(k not in d for k in names):
        raise ValueError(f"defaults must be a mapping with {', '.join(names)}")
    for k in names:
        _number(f"defaults.{k}", d[k])
    for key in ("economic_resources", "green_resources"):
        table = raw[key]
        if not isinstance(table, dict) or not table or not all(
                isinstance(v, dict) and "zh" in v and "en" in v for v in table.values()):
            raise ValueError(f"{key} must be a non-empty mapping of names to {{zh, en}}")
    edges = raw["edges"]
    if not isinstance(edges, list) or not 1 <= len(edges) <= MAX_EDGES:
        raise ValueError(f"edges must be a list of 1 to {MAX_EDGES} flows"
                         + (" (the file has none)" if isinstance(edges, list) and not edges else ""))
    pairs = set()
    for k, e in enumerate(edges):
        if not isinstance(e, dict) or any(x not in e for x in ("buyer", "supplier", "economic", "green")):
            raise ValueError(f"edge {k + 1} must be a mapping with buyer, supplier, economic, green")
        for x in ("buyer", "supplier"):
            if e[x] not in ids:
                raise ValueError(f"edge {k + 1}: {x} {e[x]!r} is not an agent id")
        if e["buyer"] == e["supplier"]:
            raise ValueError(f"edge {k + 1}: agent {e['buyer']!r} cannot buy from itself")
        if (e["buyer"], e["supplier"]) in pairs:
            raise ValueError(f"edge {k + 1}: {e['supplier']} -> {e['buyer']} appears more than once")
        pairs.add((e["buyer"], e["supplier"]))
        if e["economic"] not in raw["economic_resources"]:
            raise ValueError(f"edge {k + 1}: economic resource {e['economic']!r} is not in economic_resources")
        if e["green"] not in raw["green_resources"]:
            raise ValueError(f"edge {k + 1}: green resource {e['green']!r} is not in green_resources")
        unknown = sorted(set(e) - {"buyer", "supplier", "economic", "green", *names})
        if unknown:
            raise ValueError(f"edge {k + 1}: unknown key(s) {', '.join(map(str, unknown))}")
        for x in names:
            if x in e:
                _number(f"edge {k + 1}: {x}", e[x])
    pol = raw["policies"]
    if not isinstance(pol, dict) or any(k not in pol for k in (*POLICY_LIMITS, "waste_resources")):
        raise ValueError(f"policies must be a mapping with {', '.join(POLICY_LIMITS)} (each low, high) "
                         f"and waste_resources")
    for lever, (lo, hi, hi_open) in POLICY_LIMITS.items():
        r = pol[lever]
        if not isinstance(r, dict) or "low" not in r or "high" not in r:
            raise ValueError(f"policies.{lever} must be a mapping with low and high")
        low = _number(f"policies.{lever}.low", r["low"], high=hi, high_open=hi_open)
        high = _number(f"policies.{lever}.high", r["high"], high=hi, high_open=hi_open)
        if not low < high or low < lo:
            raise ValueError(f"policies.{lever}: low {low:g} must be below high {high:g}")
    if not isinstance(pol["waste_resources"], list):
        raise ValueError("policies.waste_resources must be a list of economic resources")


def load_instance(path: Path | None = None) -> tuple[Instance, dict]:
    path = Path(path) if path else data_dir(NOTEBOOK) / "instance.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate_raw(raw)
    ids = [a["id"] for a in raw["agents"]]
    index = {a: k for k, a in enumerate(ids)}
    defaults = raw["defaults"]
    edges = raw["edges"]
    params = {name: np.array([float(e.get("lambda" if name == "lam" else name,
                                          defaults["lambda" if name == "lam" else name])) for e in edges])
              for name in EDGE_PARAMS}
    w = raw["weights"]
    inst = Instance(
        agents=tuple(ids),
        buyer=np.array([index[e["buyer"]] for e in edges]),
        supplier=np.array([index[e["supplier"]] for e in edges]),
        available=np.array([a["available"] for a in raw["agents"]], float),
        price=np.array([a["price"] for a in raw["agents"]], float),
        scarcity=np.array([a["scarcity"] for a in raw["agents"]], float),
        weights=np.array([w["w1"], w["w2"], w["w3"]], float),
        **params,
    )
    return inst, raw


def random_instance(m: int, seed: int = 0, density: float = 1.0) -> Instance:
    """A random instance of the same family: m agents, each buying from the others (all ordered
    pairs when density = 1, i.e. 2 m (m - 1) variables); scarcity scaled by 1/m."""
    rng = np.random.default_rng(seed)
    buyer, supplier = np.nonzero(~np.eye(m, dtype=bool) & (rng.random((m, m)) < density))
    k = buyer.size
    phi = rng.uniform(0.3, 0.7, k)
    return Instance(
        agents=tuple(f"agent {i + 1}" for i in range(m)), buyer=buyer, supplier=supplier,
        g=rng.uniform(0.8, 1.8, k), c=rng.uniform(0.8, 1.6, k), e=rng.uniform(0.6, 1.4, k),
        h=rng.uniform(0.3, 0.5, k), theta=rng.uniform(0.05, 0.2, k), phi=phi,
        psi=rng.uniform(0.1, 0.3, k), lam=phi * rng.uniform(0.1, 0.5, k),
        available=rng.uniform(2.0, 6.0, m), price=rng.uniform(0.05, 0.3, m),
        scarcity=rng.uniform(0.5, 1.5, m) / m, weights=np.array([0.3, 0.4, 0.3]),
    )


def edge_label(inst: Instance, k: int) -> str:
    """'supplier→buyer' of edge k."""
    return f"{inst.agents[inst.supplier[k]]}→{inst.agents[inst.buyer[k]]}"
