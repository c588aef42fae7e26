"""Notebook 01's result tables and the sentences that read them, generated from the run.

Every sentence that states a number or interprets a result (a ranking, a sign, a percentage) is
built here from the run's own results, so a rerun with other parameters says what that run found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import Instance, edge_label


def supplier_table(inst: Instance, x: np.ndarray, multipliers: np.ndarray,
                   x_box_only: np.ndarray | None = None) -> pd.DataFrame:
    """Per supplier: what it holds (the cap b_j), what its buyers take, utilisation, the cap's
    multiplier mu_j (in the weighted units of F) and mu_j / w3, the same shadow price in money
    (10^6 yuan per 10^4 t): the price rise that would just clear the supplier's stock.
    ``x_box_only``: the equilibrium without the caps, to show what each supplier would deliver."""
    _, b = inst.split(x)
    delivered = inst.supplier_totals(b)
    sells = np.bincount(inst.supplier, minlength=inst.m) > 0
    w3 = np.zeros(inst.m)
    w3[inst.supplier] = inst.weights[inst.buyer, 2]  # shared by a supplier's buyers (enforced)
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.where(w3 > 0, multipliers / w3, 0.0)
        utilisation = np.where(inst.available > 0, delivered / inst.available, 0.0)
    frame = pd.DataFrame({"supplier": inst.agents, "holds b_j": inst.available, "delivered": delivered,
                          "utilisation": utilisation, "multiplier mu_j": multipliers,
                          "shadow price mu_j/w3": price})
    if x_box_only is not None:
        frame["delivered without caps"] = inst.supplier_totals(inst.split(x_box_only)[1])
    return frame[sells].reset_index(drop=True)


def _num(v: float, digits: int = 3) -> str:
    return f"{v:.{digits}f}"


def caps_markdown(table: pd.DataFrame, tol: float = 1e-6) -> str:
    """Which suppliers' stocks bind, with their shadow prices, and the largest utilisation."""
    binding = table[table["utilisation"] >= 1 - tol]
    largest = float(table["utilisation"].max())
    if binding.empty:
        head = (f"In this run no supplier's stock binds: every multiplier is zero and the largest "
                f"utilisation is {_utilisation(largest)}.")
    else:
        parts = [f"{r['supplier']} (multiplier {_num(r['multiplier mu_j'], 4)}, shadow price "
                 f"{_num(r['shadow price mu_j/w3'], 4)} × 10⁶ yuan per 10⁴ t)" for _, r in binding.iterrows()]
        head = (f"In this run {len(binding)} of the {len(table)} suppliers deliver their whole stock: "
                + _and(parts) + ". Their buyers would pay that much more per unit for one more unit "
                f"of the supplier's resource. Every other multiplier is zero. The largest utilisation is "
                f"{_utilisation(largest)}, so no supplier delivers more than it holds.")
    if "delivered without caps" in table:
        over = table[table["delivered without caps"] > table["holds b_j"] * (1 + tol)]
        if over.empty:
            head += " Without the caps (a box per edge only, as (1) prints it) no supplier would overdraw in this run."
        else:
            head += (" Without the caps (a box per edge only, as (1) prints it), this run would have "
                     + _and([f"{r['supplier']} deliver {_num(r['delivered without caps'], 2)} of its "
                                 f"{_num(r['holds b_j'], 2)}" for _, r in over.iterrows()]) + ".")
    return head


def flows_markdown(inst: Instance, x: np.ndarray, multipliers: np.ndarray, top: int = 3) -> str:
    """What ranks the economic flows at equilibrium. On an edge k of supplier j with 0 < b_k,
    F2_k + mu_j = 0 gives b_k = (v_k - charge_j) / gamma_k, where v_k is the weighted marginal net
    value of the first unit at the equilibrium green level and charge_j = w3 r_j S_j + mu_j is what
    j's scarcity and cap charge each of its buyers alike."""
    a, b = inst.split(x)
    _, w2, w3 = inst.edge_weights()
    j = inst.supplier
    v = w2 * (inst.e + inst.theta * a) - w3 * (inst.phi - inst.lam * a + inst.price[j] - inst.discount)
    charge = w3 * inst.scarcity[j] * inst.supplier_totals(b)[j] + multipliers[j]
    inflow = np.bincount(inst.buyer, weights=b, minlength=inst.m)
    buyers = np.argsort(-inflow, kind="stable")[:2]
    order = np.argsort(-b, kind="stable")[:top]
    top_e = int(np.argmax(inst.e))
    n_in = np.bincount(inst.buyer, minlength=inst.m)
    buyer_text = " and ".join(f"{inst.agents[i]} ({_num(inflow[i])} on {n_in[i]} edge{'s' if n_in[i] > 1 else ''})"
                              for i in buyers)
    max_e = {int(i): float(inst.e[inst.buyer == i].max()) for i in buyers}
    weakest = min(max_e, key=max_e.get)
    counter = [k for k in np.argsort(-inst.e, kind="stable")
               if inst.buyer[k] not in buyers and inst.e[k] > max_e[weakest]]
    if counter:
        k = int(counter[0])
        i = inst.buyer[k]
        counter_text = (f"{edge_label(inst, k)} has a higher $e$ ({inst.e[k]:g}) than every edge of "
                        f"{inst.agents[weakest]} (at most {max_e[weakest]:g}), yet {inst.agents[i]} takes "
                        f"{_num(inflow[i])} in all. A buyer's total depends on how many suppliers it draws on "
                        f"and on each edge's net value less its supplier's charge, not on $e$ alone. ")
    else:
        counter_text = "No other buyer has an edge with a higher $e$ than theirs. "
    edge_text = "; ".join(f"{edge_label(inst, k)}: b* = {_num(b[k])}, v = {_num(v[k])}, charge = {_num(charge[k])}"
                          for k in order)
    rank_e = int(np.sum(b > b[top_e] + 1e-12)) + 1
    e_text = (f"The edge with the highest $e$, {edge_label(inst, top_e)} (e = {inst.e[top_e]:g}), "
              + ("also carries the largest flow" if rank_e == 1 else f"carries only the {_ordinal(rank_e)} largest flow")
              + ". ")
    v_rank = np.argsort(-(v - charge), kind="stable")[:top]
    agree = list(v_rank) == list(order)
    return (f"The buyers that take the most in total are {buyer_text}. {counter_text}{e_text}On an edge of supplier $j$ with a positive flow, "
            f"$b^*=(v-\\text{{charge}}_j)/\\gamma$. Here $v=w_2(e+\\theta a^*)-w_3(\\varphi-\\lambda a^*+p_j-\\text{{discount}})$ "
            f"is the marginal net value of the first unit at the equilibrium green level. The charge "
            f"$w_3r_jS_j+\\mu_j$ is what supplier $j$'s scarcity and cap cost each of its buyers alike, and "
            f"$\\gamma=w_3(\\psi+r_j)+w_2h$ is the curvature. The largest flows are {edge_text}. "
            + ("Ordering the edges by $v$ minus the charge gives the same ranking."
               if agree else "Ordering the edges by $v$ minus the charge ranks them almost the same way; "
               "the curvature $\\gamma$ decides the rest."))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _utilisation(u: float, tol: float = 1e-6) -> str:
    """A utilisation as text; a binding cap is exactly 1, whatever the run."""
    return "1 (at the cap)" if u >= 1 - tol else _num(u)


def _ordinal(k: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(k, f"{k}th")


def coupling_markdown(compare: pd.DataFrame, max_utilisation: dict[str, float]) -> str:
    """The separable model and the planner against the Nash equilibrium (rows in that order)."""
    nash, alone, planner = (compare.iloc[i] for i in range(3))
    more = 100 * (alone["economic_flow"] / nash["economic_flow"] - 1)
    u_gap = alone["sum of U_i"] - nash["sum of U_i"]
    p_gap = planner["sum of U_i"] - nash["sum of U_i"]
    caps = ", ".join(f"{name} {_utilisation(u)}" for name, u in max_utilisation.items())
    flow = (f"The separable model draws {abs(more):.1f} % {'more' if more >= 0 else 'less'} economic flow "
            f"than the equilibrium")
    utility = (f"its agents end up with a {'lower' if u_gap < 0 else 'higher'} total utility "
               f"({_num(alone['sum of U_i'])} against {_num(nash['sum of U_i'])}) once the scarcity they cause is paid")
    planner_text = (f"The planner's total utility is {'higher' if p_gap > 0 else 'not higher'} than the "
                    f"equilibrium's ({_num(planner['sum of U_i'])})"
                    + (", the usual cost of non-cooperation." if p_gap > 0 else "."))
    return (f"{flow}, and {utility}. {planner_text} All three respect the same supplier caps "
            f"(largest utilisation: {caps}).")


def discard_tax_markdown(inst: Instance, waste_edges: np.ndarray, tax: float, sweep_high: float) -> str:
    """Whether a discard tax pushes the net acquisition price p_j - t of a waste edge below zero."""
    prices = inst.price[inst.supplier[waste_edges]]
    suppliers = sorted({inst.agents[j] for j in inst.supplier[waste_edges]})
    lowest = float(prices.min())
    parts = [f"Waste edges (suppliers {', '.join(suppliers)}) have list prices from {lowest:.2f} to "
             f"{float(prices.max()):.2f}."]
    for label, t in (("this run's tax", tax), ("the sweep's largest tax", sweep_high)):
        negative = int(np.sum(prices - t < 0))
        count = "none" if negative == 0 else "all" if negative == prices.size else str(negative)
        parts.append(f"With {label} ({t:g}), {count} of the {prices.size} waste edges "
                     f"{'has' if negative == 1 else 'have'} a negative net price.")
    parts.append("A negative net price means the supplier pays the buyer to take its waste (a gate fee). "
                 "That is what a discard tax above the price implies: selling at a loss still beats "
                 "paying the tax. We allow it rather than bound the tax by the price.")
    return " ".join(parts)


def policy_markdown(policy_table: pd.DataFrame) -> str:
    """The sign of each lever's effect on the four totals (from the first to the last value)."""
    names = {"green_subsidy": "subsidy or standard", "discard_tax": "discard tax", "rd_saving": "R&D",
             "w1": "more weight on ecological value"}
    keys = (("green_flow", "green flow"), ("ecological_value", "ecological value"),
            ("economic_flow", "economic flow"), ("economic_value", "economic value"))
    lines = []
    for _, row in policy_table.iterrows():
        effects = []
        for key, label in keys:
            change = row[f"{key} change %"]
            word = "raises" if change > 0.05 else "lowers" if change < -0.05 else "leaves"
            effects.append(f"{word} {label}" + (" unchanged" if word == "leaves" else f" by {abs(change):.1f} %"))
        lines.append(f"* **{names.get(row['lever'], row['lever'])}** ({row['from']:g} → {row['to']:g}): "
                     + ", ".join(effects) + ".")
    return "In this run:\n\n" + "\n".join(lines)


def other_equilibrium_markdown(inst, table: pd.DataFrame, buyer: str, weight: float, gains_ve, gains_other,
                               moved: float) -> str:
    """What the second equilibrium of the capped game shows, from the numbers of this run."""
    if table.empty:
        return (f"In this run no supplier's cap binds at either point, so the buyers' feasible sets do not "
                f"interact and the weighted VI gives the same point (largest difference {moved:.2g}).")
    suppliers = sorted({e.split("→")[0] for e in table["edge"]})
    edge = table[table["edge"].str.endswith("→" + buyer)]
    text = (f"In this run the two points differ by up to {moved:.4f} in a flow, and at both every player's "
            f"best-response gain is at most {max(abs(gains_ve).max(), abs(gains_other).max()):.1g} (rounding): "
            f"both are Nash equilibria of the capped game. ")
    if len(edge):
        row = edge.iloc[0]
        text += (f"{row['edge']} moves from {row['b (variational)']:.4f} to {row['b (other)']:.4f}. ")
    text += ("What separates them is the price each buyer pays, in effect, for a supplier's scarce stock. "
             "At the variational equilibrium every buyer of a binding supplier values its last unit alike "
             f"(the marginal values of supplier{'s' if len(suppliers) > 1 else ''} {', '.join(suppliers)} "
             "in the table are equal across its buyers where the flow is interior): the stock is shared "
             "as one market-clearing price would share it. At the other, buyer "
             f"{buyer} values the last unit at {weight:g} times what the other buyers do, so the stock is "
             "rationed in a way no single price would produce. Strong monotonicity makes the *variational* "
             "equilibrium unique, not the game's equilibrium: the three random starts above are consistent with "
             "that (the method finds the same variational equilibrium), nothing more.")
    return text
