"""Notebook 01's result tables and the sentences that read them, generated from the run.

Every sentence that states a number or interprets a result (a ranking, a sign, a percentage) is
built here from the run's own results, so a rerun with other parameters says what that run found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _, join, ordinal, sentences, series
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


HEADERS = (  # the result tables' column names, shown translated (the CSV files keep them)
    N_("output"), N_("input"), N_("S1_conf"), N_("ST_conf"),  # the sensitivity table
    N_("edge"), N_("economic"), N_("green"), N_("discount"), N_("agent"), N_("available b_j"), N_("price p_j"),
    N_("scarcity r_j"), N_("label"), N_("activity"), N_("activity (zh)"), N_("activity (en)"),
    N_("label assigned by"), N_("kind"), N_("name"), N_("zh"), N_("en"), N_("edge (supplier→buyer)"),
    N_("b* / available"), N_("ecological value"), N_("economic value"), N_("cost"), N_("utility U_i"),
    N_("supplier"), N_("holds b_j"), N_("delivered"), N_("utilisation"), N_("multiplier mu_j"),
    N_("shadow price mu_j/w3"), N_("delivered without caps"), N_("b (variational)"), N_("b (other)"),
    N_("marginal value (variational)"), N_("marginal value (other)"), N_("case"), N_("ecological_value"),
    N_("economic_value"), N_("green_flow"), N_("economic_flow"), N_("sum of U_i"), N_("max |x - Nash|"),
    N_("max utilisation"), N_("lever"), N_("from"), N_("to"), N_("ecological_value change %"),
    N_("economic_value change %"), N_("green_flow change %"), N_("economic_flow change %"),
    N_("certified points"),
)
CASES = {  # section 5's three cases
    "nash": N_("Nash equilibrium (coupled)"), "separable": N_("separable (each agent alone)"),
    "planner": N_("planner (scarcity internalised)"),
}
CASE_SHORT = {"nash": N_("Nash equilibrium"), "separable": N_("separable"), "planner": N_("planner")}
VALUES = {  # cell values of the mapping tables (instance.yaml), shown translated
    "economic": N_("economic"), "green": N_("green"), "ours": N_("ours"),
    "ours (not in the legend)": N_("ours (not in the legend)"),
}


def headed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for display: its known column names in the reader's language."""
    return frame.rename(columns={c: _(c) for c in frame.columns if c in HEADERS})


def translated_values(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """``frame`` with the known words in ``columns`` in the reader's language."""
    return frame.assign(**{c: frame[c].map(lambda v: _(VALUES[v]) if v in VALUES else v) for c in columns})


def _num(v: float, digits: int = 3) -> str:
    return f"{v:.{digits}f}"


def caps_markdown(table: pd.DataFrame, tol: float = 1e-6) -> str:
    """Which suppliers' stocks bind, with their shadow prices, and the largest utilisation."""
    binding = table[table["utilisation"] >= 1 - tol]
    largest = float(table["utilisation"].max())
    if binding.empty:
        parts = [_("In this run no supplier's stock binds: every multiplier is zero and the largest "
                   "utilisation is {largest}.").format(largest=_utilisation(largest))]
    else:
        items = [_("{supplier} (multiplier {multiplier}, shadow price {price} × 10⁶ yuan per 10⁴ t)").format(
                     supplier=r["supplier"], multiplier=_num(r["multiplier mu_j"], 4),
                     price=_num(r["shadow price mu_j/w3"], 4)) for _r, r in binding.iterrows()]
        parts = [_("In this run {binding} of the {suppliers} suppliers deliver their whole stock: {items}.").format(
                     binding=len(binding), suppliers=len(table), items=join(items)),
                 _("Their buyers would pay that much more per unit for one more unit of the supplier's resource."),
                 _("Every other multiplier is zero."),
                 _("The largest utilisation is {largest}, so no supplier delivers more than it holds.").format(
                     largest=_utilisation(largest))]
    if "delivered without caps" in table:
        over = table[table["delivered without caps"] > table["holds b_j"] * (1 + tol)]
        if over.empty:
            parts.append(_("Without the caps (a box per edge only, as (1) prints it) no supplier would "
                           "overdraw in this run."))
        else:
            items = [_("{supplier} deliver {delivered} of its {holds}").format(
                         supplier=r["supplier"], delivered=_num(r["delivered without caps"], 2),
                         holds=_num(r["holds b_j"], 2)) for _r, r in over.iterrows()]
            parts.append(_("Without the caps (a box per edge only, as (1) prints it), this run would have "
                           "{items}.").format(items=join(items)))
    return sentences(parts)


def flows_markdown(inst: Instance, x: np.ndarray, multipliers: np.ndarray, top: int = 3) -> str:
    """What ranks the economic flows at equilibrium. On an edge k of supplier j with 0 < b_k,
    F2_k + mu_j = 0 gives b_k = (v_k - charge_j) / gamma_k, where v_k is the weighted marginal net
    value of the first unit at the equilibrium green level and charge_j = w3 r_j S_j + mu_j is what
    j's scarcity and cap charge each of its buyers alike."""
    a, b = inst.split(x)
    _w1, w2, w3 = inst.edge_weights()
    j = inst.supplier
    v = w2 * (inst.e + inst.theta * a) - w3 * (inst.phi - inst.lam * a + inst.price[j] - inst.discount)
    charge = w3 * inst.scarcity[j] * inst.supplier_totals(b)[j] + multipliers[j]
    inflow = np.bincount(inst.buyer, weights=b, minlength=inst.m)
    buyers = np.argsort(-inflow, kind="stable")[:2]
    order = np.argsort(-b, kind="stable")[:top]
    top_e = int(np.argmax(inst.e))
    n_in = np.bincount(inst.buyer, minlength=inst.m)
    buyer_text = join([(_("{agent} ({amount} on {n} edges)") if n_in[i] > 1 else _("{agent} ({amount} on 1 edge)"))
                       .format(agent=inst.agents[i], amount=_num(inflow[i]), n=n_in[i]) for i in buyers])
    max_e = {int(i): float(inst.e[inst.buyer == i].max()) for i in buyers}
    weakest = min(max_e, key=max_e.get)
    counter = [k for k in np.argsort(-inst.e, kind="stable")
               if inst.buyer[k] not in buyers and inst.e[k] > max_e[weakest]]
    if counter:
        k = int(counter[0])
        i = inst.buyer[k]
        counter_text = sentences([
            _("{edge} has a higher $e$ ({e}) than every edge of {weakest} (at most {most}), yet {buyer} takes "
              "{total} in all.").format(edge=edge_label(inst, k), e=f"{inst.e[k]:g}", weakest=inst.agents[weakest],
                                        most=f"{max_e[weakest]:g}", buyer=inst.agents[i], total=_num(inflow[i])),
            _("A buyer's total depends on how many suppliers it draws on and on each edge's net value less its "
              "supplier's charge, not on $e$ alone.")])
    else:
        counter_text = _("No other buyer has an edge with a higher $e$ than theirs.")
    edge_text = _("; ").join(_("{edge}: b* = {b}, v = {v}, charge = {charge}").format(
                                 edge=edge_label(inst, k), b=_num(b[k]), v=_num(v[k]), charge=_num(charge[k]))
                             for k in order)
    rank_e = int(np.sum(b > b[top_e] + 1e-12)) + 1
    e_text = (_("The edge with the highest $e$, {edge} (e = {e}), also carries the largest flow.") if rank_e == 1 else
              _("The edge with the highest $e$, {edge} (e = {e}), carries only the {ordinal} largest flow.")).format(
                  edge=edge_label(inst, top_e), e=f"{inst.e[top_e]:g}", ordinal=ordinal(rank_e))
    v_rank = np.argsort(-(v - charge), kind="stable")[:top]
    agree = list(v_rank) == list(order)
    return sentences([
        _("The buyers that take the most in total are {buyers}.").format(buyers=buyer_text), counter_text, e_text,
        _("On an edge of supplier $j$ with a positive flow, $b^*=(v-\\text{charge}_j)/\\gamma$."),
        _("Here $v=w_2(e+\\theta a^*)-w_3(\\varphi-\\lambda a^*+p_j-\\text{discount})$ is the marginal net value "
          "of the first unit at the equilibrium green level."),
        _("The charge $w_3r_jS_j+\\mu_j$ is what supplier $j$'s scarcity and cap cost each of its buyers alike, "
          "and $\\gamma=w_3(\\psi+r_j)+w_2h$ is the curvature."),
        _("The largest flows are {edges}.").format(edges=edge_text),
        _("Ordering the edges by $v$ minus the charge gives the same ranking.") if agree else
        _("Ordering the edges by $v$ minus the charge ranks them almost the same way; the curvature $\\gamma$ "
          "decides the rest."),
    ])


def _utilisation(u: float, tol: float = 1e-6) -> str:
    """A utilisation as text; a binding cap is exactly 1, whatever the run."""
    return _("1 (at the cap)") if u >= 1 - tol else _num(u)


def coupling_markdown(compare: pd.DataFrame, max_utilisation: dict[str, float]) -> str:
    """The separable model and the planner against the Nash equilibrium (rows in that order);
    ``max_utilisation`` by the cases' keys (:data:`CASES`)."""
    nash, alone, planner = (compare.iloc[i] for i in range(3))
    more = 100 * (alone["economic_flow"] / nash["economic_flow"] - 1)
    u_gap = alone["sum of U_i"] - nash["sum of U_i"]
    p_gap = planner["sum of U_i"] - nash["sum of U_i"]
    caps = _(", ").join(_("{case} {utilisation}").format(case=_(CASE_SHORT[key]), utilisation=_utilisation(u))
                        for key, u in max_utilisation.items())
    flow = (_("The separable model draws {percent} % more economic flow than the equilibrium") if more >= 0 else
            _("The separable model draws {percent} % less economic flow than the equilibrium")).format(
                percent=f"{abs(more):.1f}")
    utility = (_("its agents end up with a lower total utility ({alone} against {nash}) once the scarcity they "
                 "cause is paid") if u_gap < 0 else
               _("its agents end up with a higher total utility ({alone} against {nash}) once the scarcity they "
                 "cause is paid")).format(alone=_num(alone["sum of U_i"]), nash=_num(nash["sum of U_i"]))
    planner_text = (_("The planner's total utility is higher than the equilibrium's ({planner}), the usual cost of "
                      "non-cooperation.") if p_gap > 0 else
                    _("The planner's total utility is not higher than the equilibrium's ({planner}).")).format(
                        planner=_num(planner["sum of U_i"]))
    return sentences([_("{flow}, and {utility}.").format(flow=flow, utility=utility), planner_text,
                      _("All three respect the same supplier caps (largest utilisation: {caps}).").format(caps=caps)])


def discard_tax_markdown(inst: Instance, waste_edges: np.ndarray, tax: float, sweep_high: float) -> str:
    """Whether a discard tax pushes the net acquisition price p_j - t of a waste edge below zero."""
    prices = inst.price[inst.supplier[waste_edges]]
    suppliers = sorted({inst.agents[j] for j in inst.supplier[waste_edges]})
    parts = [_("Waste edges (suppliers {suppliers}) have list prices from {low} to {high}.").format(
        suppliers=series(suppliers), low=f"{float(prices.min()):.2f}", high=f"{float(prices.max()):.2f}")]
    for label, t in ((_("this run's tax"), tax), (_("the sweep's largest tax"), sweep_high)):
        negative = int(np.sum(prices - t < 0))
        if negative == 0:
            message = _("With {label} ({tax}), none of the {n} waste edges have a negative net price.")
        elif negative == prices.size:
            message = _("With {label} ({tax}), all of the {n} waste edges have a negative net price.")
        elif negative == 1:
            message = _("With {label} ({tax}), 1 of the {n} waste edges has a negative net price.")
        else:
            message = _("With {label} ({tax}), {count} of the {n} waste edges have a negative net price.")
        parts.append(message.format(label=label, tax=f"{t:g}", n=prices.size, count=negative))
    parts += [_("A negative net price means the supplier pays the buyer to take its waste (a gate fee)."),
              _("That is what a discard tax above the price implies: selling at a loss still beats paying the tax."),
              _("We allow it rather than bound the tax by the price.")]
    return sentences(parts)


LEVERS = {"green_subsidy": N_("subsidy or standard"), "discard_tax": N_("discard tax"), "rd_saving": N_("R&D"),
          "w1": N_("more weight on ecological value")}
TOTALS = (("green_flow", N_("green flow")), ("ecological_value", N_("ecological value")),
          ("economic_flow", N_("economic flow")), ("economic_value", N_("economic value")))


def policy_markdown(policy_table: pd.DataFrame) -> str:
    """The sign of each lever's effect on the four totals (from the first to the last value)."""
    lines = []
    for _i, row in policy_table.iterrows():
        effects = []
        for key, label in TOTALS:
            change = row[f"{key} change %"]
            message = (_("raises {quantity} by {change} %") if change > 0.05 else
                       _("lowers {quantity} by {change} %") if change < -0.05 else _("leaves {quantity} unchanged"))
            effects.append(message.format(quantity=_(label), change=f"{abs(change):.1f}"))
        lever = _(LEVERS[row["lever"]]) if row["lever"] in LEVERS else row["lever"]
        lines.append("* " + _("**{lever}** ({low} → {high}): {effects}.").format(
            lever=lever, low=f"{row['from']:g}", high=f"{row['to']:g}", effects=_(", ").join(effects)))
    return _("In this run:") + "\n\n" + "\n".join(lines)


def other_equilibrium_markdown(inst, table: pd.DataFrame, buyer: str, weight: float, gains_ve, gains_other,
                               moved: float) -> str:
    """What the second equilibrium of the capped game shows, from the numbers of this run."""
    if table.empty:
        return _("In this run no supplier's cap binds at either point, so the buyers' feasible sets do not "
                 "interact and the weighted VI gives the same point (largest difference {moved}).").format(
                     moved=f"{moved:.2g}")
    suppliers = sorted({e.split("→")[0] for e in table["edge"]})
    edge = table[table["edge"].str.endswith("→" + buyer)]
    parts = [_("In this run the two points differ by up to {moved} in a flow, and at both every player's "
               "best-response gain is at most {gain} (rounding): both are Nash equilibria of the capped game.").format(
                   moved=f"{moved:.4f}", gain=f"{max(abs(gains_ve).max(), abs(gains_other).max()):.1g}")]
    if len(edge):
        row = edge.iloc[0]
        parts.append(_("{edge} moves from {before} to {after}.").format(
            edge=row["edge"], before=f"{row['b (variational)']:.4f}", after=f"{row['b (other)']:.4f}"))
    parts += [
        _("What separates them is the price each buyer pays, in effect, for a supplier's scarce stock."),
        (_("At the variational equilibrium every buyer of a binding supplier values its last unit alike (the "
           "marginal values of suppliers {suppliers} in the table are equal across its buyers where the flow is "
           "interior): the stock is shared as one market-clearing price would share it.") if len(suppliers) > 1 else
         _("At the variational equilibrium every buyer of a binding supplier values its last unit alike (the "
           "marginal values of supplier {suppliers} in the table are equal across its buyers where the flow is "
           "interior): the stock is shared as one market-clearing price would share it.")).format(
            suppliers=series(suppliers)),
        _("At the other, buyer {buyer} values the last unit at {weight} times what the other buyers do, so the "
          "stock is rationed in a way no single price would produce.").format(buyer=buyer, weight=f"{weight:g}"),
        _("Strong monotonicity makes the *variational* equilibrium unique, not the game's equilibrium: the three "
          "random starts above are consistent with that (the method finds the same variational equilibrium), "
          "nothing more."),
    ]
    return sentences(parts)
