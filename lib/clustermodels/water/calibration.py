"""Solve the unknown player shares from the paper's printed stage-2 results.

With every player able to use its own water (X_i <= C_i) and one pair trading, the printed numbers
pin the trade down:

* gain = total_after - total_alone = (b_buyer - b_seller) * W, with W the water moved;
* W fills the buyer's spare cap: W = C_buyer - X_buyer = share_buyer * shortage of its user;
* the seller's printed rate in the pair is r = W / X_seller, X_seller = share_seller * supply;
* the standalone total sum_i b_i X_i = total_alone closes the remaining share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from .inputs import WaterModel


@dataclass(frozen=True)
class Calibration:
    water_moved: float       # W, 1e8 m3
    shares: dict[int, float]  # player id -> share
    steps: pd.DataFrame       # the algebra, step by step
    valid: bool = True        # every share in (0, 1]: these inputs can reproduce the paper's results


def calibrate_shares(model: WaterModel, stage1_table: pd.DataFrame) -> Calibration:
    """The shares the paper's printed results imply on this stage 1. Raises ValueError only when
    the algebra divides by zero (a non-finite share); a share outside (0, 1] sets ``valid`` False."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _calibrate(model, stage1_table)


def _calibrate(model: WaterModel, stage1_table: pd.DataFrame) -> Calibration:
    src = model.source
    cal, res = src["calibration"], src["paper_results"]
    buyer, seller, closing = cal["buyer"], cal["seller"], cal["closing"]
    spec = {p.id: p for p in model.players}
    b = {p.id: model.efficiency[k] for k, p in enumerate(model.players)}
    t = stage1_table.set_index(["region", "user"])
    rate = next(e["rates"][e["coalition"].index(seller)] for e in res["rates"]
                if sorted(e["coalition"]) == sorted([buyer, seller]))
    gain = res["total_after"] - res["total_alone"]
    moved = gain / (b[buyer] - b[seller])
    shortage = t.loc[(spec[buyer].region, spec[buyer].user), "shortage"]
    seller_supply = t.loc[(spec[seller].region, spec[seller].user), "supply"]
    shares = {buyer: float(moved / shortage), seller: float(moved / (rate * seller_supply))}
    others = [p for p in model.players if p.id not in (buyer, seller, closing)]
    fixed = sum(b[p.id] * p.share * t.loc[(p.region, p.user), "supply"] for p in others)
    fixed += sum(b[i] * shares[i] * t.loc[(spec[i].region, spec[i].user), "supply"] for i in (buyer, seller))
    closing_supply = t.loc[(spec[closing].region, spec[closing].user), "supply"]
    shares[closing] = float((res["total_alone"] - fixed) / (b[closing] * closing_supply))
    for i, s in shares.items():
        if not np.isfinite(s):
            raise ValueError(f"calibrated share of player {i} is {s:.4g}: the inputs leave the algebra "
                             f"nothing to divide by (no shortage, no supply or equal efficiencies)")
    # a share outside (0, 1] is reported, not raised: a rerun with other inputs shows that they
    # cannot reproduce the paper's printed results, and the notebook goes on with the stored shares
    valid = all(0 < s <= 1 for s in shares.values())
    steps = pd.DataFrame([  # shown to the reader, in the active language (clustermodels.i18n)
        (_("gain G = total after - total alone"), f"{res['total_after']:.2f} - {res['total_alone']:.2f}", gain,
         _("1e8 yuan")),
        (_("efficiency gap b{buyer} - b{seller}").format(buyer=buyer, seller=seller),
         f"{b[buyer]:.2f} - {b[seller]:.2f}", b[buyer] - b[seller], _("yuan/m3")),
        (_("water moved W = G / gap"), f"{gain:.2f} / {b[buyer] - b[seller]:.2f}", moved, _("1e8 m3")),
        (_("share of player {i} = W / shortage of its user").format(i=buyer), f"{moved:.6f} / {shortage:.6f}",
         shares[buyer], "-"),
        (_("share of player {i} = W / ({rate} x supply of its user)").format(i=seller, rate=rate),
         f"{moved:.6f} / ({rate} x {seller_supply:.6f})", shares[seller], "-"),
        (_("share of player {i} closes the standalone total").format(i=closing),
         f"({res['total_alone']:.2f} - {fixed:.4f}) / ({b[closing]:.2f} x {closing_supply:.6f})", shares[closing], "-"),
    ], columns=[N_("step"), N_("numbers"), N_("value"), N_("unit")])
    return Calibration(moved, shares, steps, valid)


def stored_shares(model: WaterModel) -> dict[int, float]:
    return {p.id: p.share for p in model.players if model.source["players"][p.id - 1]["share"]["status"] == "calibrated"}


def max_share_difference(a: dict[int, float], b: dict[int, float]) -> float:
    return max(abs(a[i] - b[i]) for i in a)
