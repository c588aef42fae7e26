"""Notebook 04's prose that depends on the run: each function turns results into Markdown.

Every number a parameter can change is written here from the run's own results, so a rerun with
other inputs never repeats the default run's numbers as its own. Static Markdown in the notebook
either carries no such number or says it describes the default run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .analysis import regimes

PAPER_STRUCTURE = "{1} {3} {4} {2,3}"


def _list(items: list[str]) -> str:
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def who(ids) -> str:
    """"player 2", "players 1 and 4", "players 1, 2 and 4"."""
    ids = [str(i) for i in ids]
    return ("player " if len(ids) == 1 else "players ") + _list(ids)


def fmt(x: float, decimals: int) -> str:
    """A number with thousands separators and exactly ``decimals`` decimals."""
    return f"{x:,.{decimals}f}"


def total_text(total: float, decimals: int, bound: float) -> str:
    """T printed to the precision the solver guarantees (1e8 yuan)."""
    return (f"{fmt(total, decimals)} × 10⁸ yuan (to {decimals} decimals: the solver guarantees T to "
            f"within {bound:.1g} × 10⁸ yuan, so the last digit may be off by one)")


def stage1_note(table: pd.DataFrame, quotas: dict[str, float], regions: dict[str, str], users: dict[str, str]) -> str:
    """Which regions get more middle-route water than their quota, and which users fall short."""
    by_region = table.groupby("region", sort=False)["shared"].sum()
    over = [f"{regions[r]} (+{by_region[r] - q:.2f})" for r, q in quotas.items() if by_region[r] > q + 1e-9]
    short = table[table["shortage"] > 1e-9]
    shortages = [f"{users[u]} in {regions[r]} ({s:.2f})" for r, u, s in zip(short["region"], short["user"], short["shortage"])]
    text = ("In this run, the regions that receive more middle-route water than their official quota are "
            f"{_list(over)} (10⁸ m³). ")
    if len(short):
        text += f"The users that fall short are {_list(shortages)} (10⁸ m³ a year)."
    else:
        text += "No user falls short: every demand is met."
    return text


def spare_capacity_note(players, ids: list[int]) -> str:
    """Who has spare capacity C_i - X_i, and whose is worth filling (true in every run)."""
    spare = players.cap - players.water
    b = players.efficiency
    has = [k for k in range(players.n) if spare[k] > 1e-9]
    if not has:
        return ("In this run no player has spare capacity (every player's water X equals its cap C), so no "
                "water can move to where it earns more and stage 2 cannot gain anything.")
    parts = [f"player {ids[k]} (C − X = {spare[k]:.3f}, X = {players.water[k]:.3f} < C = {players.cap[k]:.3f})"
             for k in has]
    worth = [k for k in has if any(b[j] < b[k] and players.water[j] > 1e-9 for j in range(players.n) if j != k)]
    text = (f"In this run, {len(has)} player{'s have' if len(has) > 1 else ' has'} spare capacity, "
            f"that is, could use more water than {'they hold' if len(has) > 1 else 'it holds'}: {_list(parts)} "
            f"(10⁸ m³). ")
    not_worth = [k for k in has if k not in worth]
    if not_worth:
        text += (f"Spare capacity is worth filling only with water that earns less elsewhere; "
                 f"{who([ids[k] for k in not_worth])} "
                 f"{'has' if len(not_worth) == 1 else 'have'} the lowest efficiency of all players "
                 f"holding water, so no one's water is worth moving there. ")
    if worth:
        text += (f"The spare capacity that cooperation can fill is that of "
                 f"{who([ids[k] for k in worth])}.")
    return text


def solver_note(lp_cases: int, enum_cases: int) -> str:
    return (f"Both solvers reach the same optimum. In this run the enumeration solved {enum_cases:,} LPs and "
            f"our method {lp_cases}.")


def gains_caption(ids: list[int], alone: np.ndarray, after: np.ndarray, scale: float) -> str:
    """Fig. A1's caption: who gains, who neither gains nor loses."""
    gain = after - alone
    tol = 1e-7 * max(1.0, scale)
    up = [f"player {i} (+{g:,.2f})" for i, g in zip(ids, gain) if g > tol]
    flat = [i for i, g in zip(ids, gain) if abs(g) <= tol]
    text = ("*Fig. A1.* Each player's water benefit when it uses its water alone and after joining the fuzzy "
            "coalitions, in 10⁸ yuan a year; the numbers above the second bars are the gains. ")
    text += f"In this run the gainers are {_list(up)}" if up else "In this run no player gains"
    text += (f", and {who(flat)} {'neither gains nor loses' if len(flat) == 1 else 'neither gain nor lose'}."
             if flat else ".")
    if len(up) == 2 and abs(gain[gain > tol][0] - gain[gain > tol][1]) <= tol:
        text += " When only two players trade, the Shapley split gives them equal gains."
    return text


def account(players, ids: list[int], structure: str, rates: dict, calibrated: bool, total_after: float,
            total_alone: float, paper: dict, decimals: int) -> str:
    """What this run's agreement with the paper rests on (the generated half of section 7)."""
    order = "<".join(f"b{ids[k]}" for k in np.argsort(players.efficiency, kind="stable"))
    spare = players.cap - players.water
    short = [ids[k] for k in range(players.n) if spare[k] > 1e-9]
    lines = [
        f"* Efficiency ranking in this run: {order.replace('<', ' < ')}.",
        f"* Players with spare capacity in this run: {who(short) if short else 'none'}.",
        f"* Coalition structure in this run: {structure} "
        f"({'the paper' + chr(39) + 's' if structure == PAPER_STRUCTURE else 'not the paper' + chr(39) + 's'}).",
        f"* Totals in this run: {fmt(total_after, decimals)} after, {fmt(total_alone, decimals)} alone (10⁸ yuan); "
        f"paper: {paper['total_after']:,.2f} and {paper['total_alone']:,.2f}.",
    ]
    r23 = rates.get("{2,3}", {})
    if r23:
        lines.append(f"* Share of their water put into {{2,3}} in this run: player 2 {100 * r23.get('2', 0):.0f} %, "
                     f"player 3 {100 * r23.get('3', 0):.0f} %.")
    if calibrated:
        lines.append("* The stored shares are the ones the calibration gives on this run's stage 1, so both totals "
                     "and player 3's rate in {2,3} match the paper by construction.")
    else:
        lines.append("* The stored shares were calibrated on the default inputs, not on this run's: the totals and "
                     "rates above are computed with them, and agreement with the paper is not expected.")
    return "\n".join(lines)


def _factor(pair) -> str:
    """A factor range in words: "±20 %" for a symmetric range, "from ½ to 2 times" otherwise."""
    low, high = pair
    if abs((1 - low) - (high - 1)) < 1e-12:
        return f"±{100 * (high - 1):.0f} %"
    names = {0.5: "½", 0.25: "¼", 2.0: "2", 4.0: "4", 1.0: "1"}
    return f"from {names.get(low, f'{low:g}')} to {names.get(high, f'{high:g}')} times"


def robustness_note(summary: pd.DataFrame, top: pd.DataFrame, draws: int, infeasible: int, seed: int,
                    ranges) -> str:
    """The independent check's result as a sentence."""
    all_, paper_order, b3_low, b3_not = (summary.iloc[i] for i in range(4))

    def pct(row):
        return (f"{100 * row['share']:.0f} % ({int(row['paper' + chr(39) + 's structure'])} of {int(row['n'])}; 95 % "
                f"interval {100 * row['95% low']:.0f}-{100 * row['95% high']:.0f} %)") if row["n"] else "no draws"

    text = (f"Over {draws} draws (seed {seed}; efficiencies {_factor(ranges.efficiency)}, demands "
            f"{_factor(ranges.demand)}, local supplies {_factor(ranges.local)}, middle-route supply "
            f"{_factor(ranges.shared)}, all around this run's inputs), the paper's structure "
            f"{{1}},{{3}},{{4}},{{2,3}} emerges as the least-pooling optimum in {pct(all_)} of the feasible draws")
    text += f" ({infeasible} draws had an infeasible stage 1)." if infeasible else "."
    text += (f" It emerges in {pct(paper_order)} of the draws that keep this run's efficiency ranking, in "
             f"{pct(b3_low)} of those where player 3 is still the least efficient under another ranking, and in "
             f"{pct(b3_not)} of those where it is not. ")
    first = top.iloc[0]
    text += f"The most frequent structure is {first['structure']} ({100 * first['share']:.0f} % of all draws)."
    return text


def rankings_note(reached: dict, efficiency) -> str:
    """Which efficiency rankings the Monte Carlo reaches, and why not all (from the draws and the
    range of the factors)."""
    text = (f"The draws reach {reached['reached']} of the {reached['all']} rankings of the players' "
            "efficiencies")
    if reached["never_above"]:
        pairs = "; ".join(f"player {i} above player {j} (b{j}/b{i} = {efficiency[j - 1] / efficiency[i - 1]:.2f} "
                          "in this run)" for i, j in reached["never_above"])
        text += (f", out of {reached['possible']} that can occur: a pair of factors changes a ratio of two "
                 f"efficiencies by at most {reached['span']:g} times, so no draw can put {pairs}.")
    else:
        text += "."
    return text


def _runs(frame: pd.DataFrame, x: str):
    return [(a, b, label) for a, b, label in regimes(frame, x)]


def supply_note(frame: pd.DataFrame, base: float, scale: float) -> str:
    """Fig. A2's reading, from the sweep: the structures in order and where gains vanish."""
    runs = _runs(frame, "shared_supply")
    ok = frame[frame["feasible"]]
    parts = [f"{a:.1f}-{b:.1f}: {label}" for a, b, label in runs]
    text = ("*Fig. A2.* Cooperation is worth something only under scarcity. In this run's sweep (10⁸ m³ a year; the "
            f"run's own supply is {base:.1f}), the structures are, from least to most water: "
            + "; ".join(parts) + ". ")
    tol = 1e-7 * max(1.0, scale)
    zero = ok[ok["gain"] <= tol]
    if len(zero):
        text += (f"The gain is zero from {zero['shared_supply'].min():.1f} on: no player's spare capacity is "
                 f"left worth filling. ")
    if len(ok):
        top = ok.loc[ok["gain"].idxmax()]
        text += (f"The total gain is largest, {top['gain']:,.0f} × 10⁸ yuan, at a supply of "
                 f"{top['shared_supply']:.1f}. ")
    fails = int((ok["core_max_excess"] > 1e-6 * scale).sum())
    text += (f"The Shapley split is outside the core at {fails} of {len(frame)} supplies" if fails
             else "The Shapley split is in the core at every supply of the sweep") + " (bottom panel)."
    paper = [(a, b) for a, b, label in runs if label == PAPER_STRUCTURE]
    if paper:
        text += " The paper's structure holds for " + _list([f"{a:.1f}-{b:.1f}" for a, b in paper]) + "."
    else:
        text += " The paper's structure does not occur in this sweep."
    return text


def efficiency_note(frame: pd.DataFrame, efficiency: np.ndarray, player: int, scale: float) -> str:
    """Fig. A3's reading: up to which b of ``player`` the paper's structure holds, and the core."""
    runs = _runs(frame, "efficiency")
    others = {i + 1: float(b) for i, b in enumerate(efficiency) if i != player - 1}
    nearest = min(others, key=others.get)
    own = float(efficiency[player - 1])
    paper = [(a, b) for a, b, label in runs if label == PAPER_STRUCTURE]
    text = (f"*Fig. A3.* In this run, b{player} = {own:,.0f} yuan/m³ and the least efficient of the other players "
            f"is player {nearest} (b{nearest} = {others[nearest]:,.0f}). ")
    if paper:
        text += ("The paper's structure holds on the grid for b" + str(player) + " in "
                 + _list([f"{a:,.0f}-{b:,.0f}" for a, b in paper]) + " yuan/m³")
        below = all(b < others[nearest] for _, b in paper)
        text += (f", that is, only while player {player}'s water is the cheapest to move (below b{nearest}). "
                 if below else ". ")
    else:
        text += "The paper's structure does not occur on this grid. "
    nxt = [(a, b, label) for a, b, label in runs if paper and a > paper[-1][1]]
    if nxt:
        text += f"Above that, the next structure is {nxt[0][2]}. "
    ok = frame[frame["feasible"]]
    bad = ok[ok["core_max_excess"] > 1e-6 * scale]
    if len(bad):
        text += (f"The Shapley split leaves some group better off on its own (core fails) at {len(bad)} of "
                 f"{len(frame)} grid points, between {bad['efficiency'].min():,.0f} and "
                 f"{bad['efficiency'].max():,.0f} yuan/m³ (bottom panel).")
    else:
        text += "The split is in the core at every grid point (bottom panel)."
    return text


def frequency_comparison(design_hits: int, design_points: int, mc_summary: pd.DataFrame, mc_draws: int,
                         mc_ranges, sens_spec) -> str:
    """Why the structure's frequency over the Sobol design differs from the Monte Carlo's (Section
    7.1): other ranges, and the design's points are not independent draws."""
    mc = mc_summary.iloc[0]
    inputs = {i.name: (i.low, i.high) for i in sens_spec.inputs}
    eff = inputs.get("efficiency_1")
    text = (f"The paper's structure forms at {100 * design_hits / design_points:.1f} % of this design's "
            f"{design_points:,} points and in {100 * mc['share']:.1f} % of the {int(mc['n']):,} feasible draws "
            f"of the Monte Carlo in Section 7.1 (95 % interval {100 * mc['95% low']:.1f}-{100 * mc['95% high']:.1f} %). "
            "The two shares are not two estimates of one probability. The ranges differ: here each player's "
            f"efficiency varies {_factor(eff) if eff else 'by a factor'} (uniform), all demands share one "
            f"factor ({_factor(inputs['demands'])}), all local supplies another ({_factor(inputs['local_supply'])}), "
            f"and the middle route varies {_factor(inputs['shared_supply'])}; there each efficiency varies "
            f"{_factor(mc_ranges.efficiency)} (log-uniform), each of the demands and local supplies is drawn on "
            f"its own ({_factor(mc_ranges.demand)}, {_factor(mc_ranges.local)}), and the middle route varies "
            f"{_factor(mc_ranges.shared)}. And the design's points are not independent draws: SALib builds "
            f"them from {sens_spec.base_samples:,} base points and their recombinations, input by input, to "
            "estimate the indices, so their share carries no simple sampling error. The Monte Carlo's share, "
            "from independent draws, is the one to read as a frequency.")
    return text
