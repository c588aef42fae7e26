"""Notebook 04's prose that depends on the run: each function turns results into Markdown.

Every number a parameter can change is written here from the run's own results, so a rerun with
other inputs never repeats the default run's numbers as its own. Static Markdown in the notebook
either carries no such number or says it describes the default run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _, join
from .analysis import regimes

PAPER_STRUCTURE = "{1} {3} {4} {2,3}"


_list = join


def who(ids) -> str:
    """"player 2", "players 1 and 4", "players 1, 2 and 4" (局中人2, 局中人1和4)."""
    ids = [str(i) for i in ids]
    return (_("player {ids}") if len(ids) == 1 else _("players {ids}")).format(ids=join(ids))


def fmt(x: float, decimals: int) -> str:
    """A number with thousands separators and exactly ``decimals`` decimals."""
    return f"{x:,.{decimals}f}"


def total_text(total: float, decimals: int, bound: float) -> str:
    """T printed to the precision the solver guarantees (1e8 yuan)."""
    return _("{total} × 10⁸ yuan (to {decimals} decimals: the solver guarantees T to within {bound} × 10⁸ yuan, "
             "so the last digit may be off by one)").format(total=fmt(total, decimals), decimals=decimals,
                                                             bound=f"{bound:.1g}")


def stage1_note(table: pd.DataFrame, quotas: dict[str, float], regions: dict[str, str], users: dict[str, str]) -> str:
    """Which regions get more middle-route water than their quota, and which users fall short."""
    by_region = table.groupby("region", sort=False)["shared"].sum()
    over = [_("{region} (+{excess})").format(region=regions[r], excess=f"{by_region[r] - q:.2f}")
            for r, q in quotas.items() if by_region[r] > q + 1e-9]
    short = table[table["shortage"] > 1e-9]
    shortages = [_("{user} in {region} ({shortage})").format(user=users[u], region=regions[r], shortage=f"{s:.2f}")
                 for r, u, s in zip(short["region"], short["user"], short["shortage"])]
    text = _("In this run, the regions that receive more middle-route water than their official quota are "
             "{regions} (10⁸ m³). ").format(regions=_list(over))
    if len(short):
        text += _("The users that fall short are {users} (10⁸ m³ a year).").format(users=_list(shortages))
    else:
        text += _("No user falls short: every demand is met.")
    return text


def spare_capacity_note(players, ids: list[int]) -> str:
    """Who has spare capacity C_i - X_i, and whose is worth filling (true in every run)."""
    spare = players.cap - players.water
    b = players.efficiency
    has = [k for k in range(players.n) if spare[k] > 1e-9]
    if not has:
        return _("In this run no player has spare capacity (every player's water X equals its cap C), so no "
                 "water can move to where it earns more and stage 2 cannot gain anything.")
    parts = [_("player {id} (C − X = {spare}, X = {water} < C = {cap})").format(
        id=ids[k], spare=f"{spare[k]:.3f}", water=f"{players.water[k]:.3f}", cap=f"{players.cap[k]:.3f}") for k in has]
    worth = [k for k in has if any(b[j] < b[k] and players.water[j] > 1e-9 for j in range(players.n) if j != k)]
    text = (_("In this run, 1 player has spare capacity, that is, could use more water than it holds: {players} "
              "(10⁸ m³). ") if len(has) == 1 else
            _("In this run, {n} players have spare capacity, that is, could use more water than they hold: "
              "{players} (10⁸ m³). ")).format(n=len(has), players=_list(parts))
    not_worth = [k for k in has if k not in worth]
    if not_worth:
        text += (_("Spare capacity is worth filling only with water that earns less elsewhere; {who} has the lowest "
                   "efficiency of all players holding water, so no one's water is worth moving there. ")
                 if len(not_worth) == 1 else
                 _("Spare capacity is worth filling only with water that earns less elsewhere; {who} have the "
                   "lowest efficiency of all players holding water, so no one's water is worth moving there. ")
                 ).format(who=who([ids[k] for k in not_worth]))
    if worth:
        text += _("The spare capacity that cooperation can fill is that of {who}.").format(
            who=who([ids[k] for k in worth]))
    return text


def solver_note(lp_cases: int, enum_cases: int) -> str:
    return _("Both solvers reach the same optimum. In this run the enumeration solved {enum} LPs and our "
             "method {lp}.").format(enum=f"{enum_cases:,}", lp=lp_cases)


def gains_caption(ids: list[int], alone: np.ndarray, after: np.ndarray, scale: float) -> str:
    """Fig. A2's caption: who gains, who neither gains nor loses."""
    gain = after - alone
    tol = 1e-7 * max(1.0, scale)
    up = [_("player {id} (+{gain})").format(id=i, gain=f"{g:,.2f}") for i, g in zip(ids, gain) if g > tol]
    flat = [i for i, g in zip(ids, gain) if abs(g) <= tol]
    text = _("*Fig. A2.* Each player's water benefit when it uses its water alone and after joining the fuzzy "
             "coalitions, in 10⁸ yuan a year; the numbers above the second bars are the gains. ")
    text += _("In this run the gainers are {players}").format(players=_list(up)) if up else _("In this run no player gains")
    if flat:
        text += (_(", and {who} neither gains nor loses.") if len(flat) == 1 else
                 _(", and {who} neither gain nor lose.")).format(who=who(flat))
    else:
        text += _(".")
    if len(up) == 2 and abs(gain[gain > tol][0] - gain[gain > tol][1]) <= tol:
        text += _(" When only two players trade, the Shapley split gives them equal gains.")
    return text


def account(players, ids: list[int], structure: str, rates: dict, calibrated: bool, total_after: float,
            total_alone: float, paper: dict, decimals: int) -> str:
    """What this run's agreement with the paper rests on (the generated half of section 7)."""
    order = "<".join(f"b{ids[k]}" for k in np.argsort(players.efficiency, kind="stable"))
    spare = players.cap - players.water
    short = [ids[k] for k in range(players.n) if spare[k] > 1e-9]
    lines = [
        _("* Efficiency ranking in this run: {order}.").format(order=order.replace("<", " < ")),
        _("* Players with spare capacity in this run: {who}.").format(who=who(short) if short else _("none")),
        (_("* Coalition structure in this run: {structure} (the paper's).") if structure == PAPER_STRUCTURE else
         _("* Coalition structure in this run: {structure} (not the paper's).")).format(structure=structure),
        _("* Totals in this run: {after} after, {alone} alone (10⁸ yuan); paper: {paper_after} and "
          "{paper_alone}.").format(after=fmt(total_after, decimals), alone=fmt(total_alone, decimals),
                                   paper_after=f"{paper['total_after']:,.2f}", paper_alone=f"{paper['total_alone']:,.2f}"),
    ]
    r23 = rates.get("{2,3}", {})
    if r23:
        lines.append(_("* Share of their water put into {{2,3}} in this run: player 2 {rate2} %, player 3 "
                       "{rate3} %.").format(rate2=f"{100 * r23.get('2', 0):.0f}", rate3=f"{100 * r23.get('3', 0):.0f}"))
    if calibrated:
        lines.append(_("* The stored shares are the ones the calibration gives on this run's stage 1, so both totals "
                       "and player 3's rate in {2,3} match the paper by construction."))
    else:
        lines.append(_("* The stored shares were calibrated on the default inputs, not on this run's: the totals and "
                       "rates above are computed with them, and agreement with the paper is not expected."))
    return "\n".join(lines)


def _factor(pair) -> str:
    """A factor range in words: "±20 %" for a symmetric range, "from ½ to 2 times" otherwise."""
    low, high = pair
    if abs((1 - low) - (high - 1)) < 1e-12:
        return f"±{100 * (high - 1):.0f} %"
    names = {0.5: "½", 0.25: "¼", 2.0: "2", 4.0: "4", 1.0: "1"}
    return _("from {low} to {high} times").format(low=names.get(low, f"{low:g}"), high=names.get(high, f"{high:g}"))


def robustness_note(summary: pd.DataFrame, top: pd.DataFrame, draws: int, infeasible: int, seed: int,
                    ranges) -> str:
    """The independent check's result as a sentence."""
    all_, paper_order, b3_low, b3_not = (summary.iloc[i] for i in range(4))

    def pct(row):
        if not row["n"]:
            return _("no draws")
        return _("{share} % ({k} of {n}; 95 % interval {low}-{high} %)").format(
            share=f"{100 * row['share']:.0f}", k=int(row["paper's structure"]), n=int(row["n"]),
            low=f"{100 * row['95% low']:.0f}", high=f"{100 * row['95% high']:.0f}")

    text = _("Over {draws} draws (seed {seed}; efficiencies {efficiency}, demands {demand}, local supplies {local}, "
             "middle-route supply {shared}, all around this run's inputs), the paper's structure "
             "{{1}},{{3}},{{4}},{{2,3}} emerges as the least-pooling optimum in {share} of the feasible draws").format(
        draws=draws, seed=seed, efficiency=_factor(ranges.efficiency), demand=_factor(ranges.demand),
        local=_factor(ranges.local), shared=_factor(ranges.shared), share=pct(all_))
    text += (_(" ({n} draws had an infeasible stage 1).").format(n=infeasible) if infeasible else _("."))
    text += _(" It emerges in {same} of the draws that keep this run's efficiency ranking, in {b3_low} of those where "
              "player 3 is still the least efficient under another ranking, and in {b3_not} of those where it is "
              "not. ").format(same=pct(paper_order), b3_low=pct(b3_low), b3_not=pct(b3_not))
    first = top.iloc[0]
    text += _("The most frequent structure is {structure} ({share} % of all draws).").format(
        structure=first["structure"], share=f"{100 * first['share']:.0f}")
    return text


def rankings_note(reached: dict, efficiency) -> str:
    """Which efficiency rankings the Monte Carlo reaches, and why not all (from the draws and the
    range of the factors)."""
    text = _("The draws reach {reached} of the {all} rankings of the players' efficiencies").format(
        reached=reached["reached"], all=reached["all"])
    if reached["never_above"]:
        pairs = _("; ").join(_("player {i} above player {j} (b{j}/b{i} = {ratio} in this run)").format(
            i=i, j=j, ratio=f"{efficiency[j - 1] / efficiency[i - 1]:.2f}") for i, j in reached["never_above"])
        text += _(", out of {possible} that can occur: a pair of factors changes a ratio of two efficiencies by at "
                  "most {span} times, so no draw can put {pairs}.").format(
            possible=reached["possible"], span=f"{reached['span']:g}", pairs=pairs)
    else:
        text += _(".")
    return text


def structure_label(label: str) -> str:
    """A coalition structure such as "{1} {3} {4} {2,3}" as it is, "infeasible" in words."""
    return _("infeasible") if label == "infeasible" else label


def _runs(frame: pd.DataFrame, x: str):
    return [(a, b, label) for a, b, label in regimes(frame, x)]


def supply_note(frame: pd.DataFrame, base: float, scale: float) -> str:
    """Fig. A3's reading, from the sweep: the structures in order and where gains vanish."""
    runs = _runs(frame, "shared_supply")
    ok = frame[frame["feasible"]]
    parts = [f"{a:.1f}-{b:.1f}: {structure_label(label)}" for a, b, label in runs]
    text = _("*Fig. A3.* Cooperation is worth something only under scarcity. In this run's sweep (10⁸ m³ a year; "
             "the run's own supply is {base}), the structures are, from least to most water: {parts}. ").format(
        base=f"{base:.1f}", parts=_("; ").join(parts))
    tol = 1e-7 * max(1.0, scale)
    zero = ok[ok["gain"] <= tol]
    if len(zero):
        text += _("The gain is zero from {supply} on: no player's spare capacity is left worth filling. ").format(
            supply=f"{zero['shared_supply'].min():.1f}")
    if len(ok):
        top = ok.loc[ok["gain"].idxmax()]
        text += _("The total gain is largest, {gain} × 10⁸ yuan, at a supply of {supply}. ").format(
            gain=f"{top['gain']:,.0f}", supply=f"{top['shared_supply']:.1f}")
    fails = int((ok["core_max_excess"] > 1e-6 * scale).sum())
    text += (_("The Shapley split is outside the core at {fails} of {n} supplies (bottom panel).").format(
        fails=fails, n=len(frame)) if fails else
        _("The Shapley split is in the core at every supply of the sweep (bottom panel)."))
    paper = [(a, b) for a, b, label in runs if label == PAPER_STRUCTURE]
    if paper:
        text += _(" The paper's structure holds for {ranges}.").format(
            ranges=_list([f"{a:.1f}-{b:.1f}" for a, b in paper]))
    else:
        text += _(" The paper's structure does not occur in this sweep.")
    return text


def efficiency_note(frame: pd.DataFrame, efficiency: np.ndarray, player: int, scale: float) -> str:
    """Fig. A4's reading: up to which b of ``player`` the paper's structure holds, and the core."""
    runs = _runs(frame, "efficiency")
    others = {i + 1: float(b) for i, b in enumerate(efficiency) if i != player - 1}
    nearest = min(others, key=others.get)
    own = float(efficiency[player - 1])
    paper = [(a, b) for a, b, label in runs if label == PAPER_STRUCTURE]
    text = _("*Fig. A4.* In this run, b{player} = {own} yuan/m³ and the least efficient of the other players is "
             "player {nearest} (b{nearest} = {other}). ").format(player=player, own=f"{own:,.0f}", nearest=nearest,
                                                                 other=f"{others[nearest]:,.0f}")
    if paper:
        below = all(b < others[nearest] for _b, b in paper)
        ranges = _list([f"{a:,.0f}-{b:,.0f}" for a, b in paper])
        text += (_("The paper's structure holds on the grid for b{player} in {ranges} yuan/m³, that is, only while "
                   "player {player}'s water is the cheapest to move (below b{nearest}). ") if below else
                 _("The paper's structure holds on the grid for b{player} in {ranges} yuan/m³. ")).format(
            player=player, ranges=ranges, nearest=nearest)
    else:
        text += _("The paper's structure does not occur on this grid. ")
    nxt = [(a, b, label) for a, b, label in runs if paper and a > paper[-1][1]]
    if nxt:
        text += _("Above that, the next structure is {structure}. ").format(structure=structure_label(nxt[0][2]))
    ok = frame[frame["feasible"]]
    bad = ok[ok["core_max_excess"] > 1e-6 * scale]
    if len(bad):
        text += _("The Shapley split leaves some group better off on its own (core fails) at {bad} of {n} grid "
                  "points, between {low} and {high} yuan/m³ (bottom panel).").format(
            bad=len(bad), n=len(frame), low=f"{bad['efficiency'].min():,.0f}", high=f"{bad['efficiency'].max():,.0f}")
    else:
        text += _("The split is in the core at every grid point (bottom panel).")
    return text


def frequency_comparison(design_hits: int, design_points: int, mc_summary: pd.DataFrame, mc_draws: int,
                         mc_ranges, sens_spec) -> str:
    """Why the structure's frequency over the Sobol design differs from the Monte Carlo's (Section
    7.1): other ranges, and the design's points are not independent draws."""
    mc = mc_summary.iloc[0]
    inputs = {i.name: (i.low, i.high) for i in sens_spec.inputs}
    eff = inputs.get("efficiency_1")
    text = _("The paper's structure forms at {design_share} % of this design's {points} points and in {mc_share} % "
             "of the {draws} feasible draws of the Monte Carlo in Section 7.1 (95 % interval {low}-{high} %). "
             "The two shares are not two estimates of one probability. The ranges differ: here each player's "
             "efficiency varies {efficiency} (uniform), all demands share one factor ({demands}), all local supplies "
             "another ({local}), and the middle route varies {shared}; there each efficiency varies {mc_efficiency} "
             "(log-uniform), each of the demands and local supplies is drawn on its own ({mc_demand}, {mc_local}), "
             "and the middle route varies {mc_shared}. And the design's points are not independent draws: SALib "
             "builds them from {base} base points and their recombinations, input by input, to estimate the "
             "indices, so their share carries no simple sampling error. The Monte Carlo's share, from independent "
             "draws, is the one to read as a frequency.").format(
        design_share=f"{100 * design_hits / design_points:.1f}", points=f"{design_points:,}",
        mc_share=f"{100 * mc['share']:.1f}", draws=f"{int(mc['n']):,}", low=f"{100 * mc['95% low']:.1f}",
        high=f"{100 * mc['95% high']:.1f}", efficiency=_factor(eff) if eff else _("by a factor"),
        demands=_factor(inputs["demands"]), local=_factor(inputs["local_supply"]),
        shared=_factor(inputs["shared_supply"]), mc_efficiency=_factor(mc_ranges.efficiency),
        mc_demand=_factor(mc_ranges.demand), mc_local=_factor(mc_ranges.local), mc_shared=_factor(mc_ranges.shared),
        base=f"{sens_spec.base_samples:,}")
    return text
