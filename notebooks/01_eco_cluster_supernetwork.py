# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Paper 1 — The Xinwen eco-industrial cluster as a supernetwork (variational inequality)
#
# **The paper.** 超网络视角下产业集群生态化发展研究——以山东新汶产业集群为例 [Study on ecological
# development of industrial clusters from the perspective of supernetworks: the case of the Xinwen
# industrial cluster in Shandong]. Authors, journal, year and DOI: not printed in our copy of the
# text.
#
# **In one paragraph.** A cluster is two coupled networks. In the green-resource network, agents
# pass green technology, equipment and know-how to each other, at levels $a_{ij}\in[0,1]$. In the
# value-activity network, they take economic resources from each other: intermediate goods,
# by-products and waste, in flows $b_{ij}\ge0$. Supplier $j$ holds $b_j$ in all, so what all
# buyers take from it is at most $b_j$. Each agent weighs ecological value,
# economic value and cost with its own weights $w_1+w_2+w_3=1$, as in (1). The agents'
# non-cooperative (Nash) equilibrium is a variational inequality, (2)-(4). The paper argues that
# at the equilibrium the weighted marginal costs equal the weighted marginal values in both
# networks, and that the policies of Section 5 raise green flows. These are subsidies or
# standards, a tax on discarding waste, and R&D that makes green processing cheaper.
#
# **What the paper does not give, and what we did.** It prints no functional forms and no numbers,
# and computes nothing. We chose forms that have the properties the paper describes: concave
# values, convex costs, and more green flow that makes economic flows worth more and green
# processing cheaper. The paper's objective is separable, so each agent could solve alone. We
# therefore add the coupling a real cluster has: a supplier's by-products get scarcer (dearer) the
# more the others take. We read the paper's $b_j$, the total resources supplier $j$ holds, as a cap
# on what all its buyers take together, so no supplier delivers more than it holds (Section 1).
# We built the Xinwen case from Section 4 and computed its equilibrium with
# two methods from the literature. We certified that its *variational* equilibrium is unique
# (every buyer of a supplier faces the same shadow price); with the caps the game also has other
# equilibria, and we compute one (Section 4.1). We explored Section 5's levers. **Every number
# below is an assumption in illustrative units** (kept in
# `data/01_eco_cluster_supernetwork/instance.yaml`), so the results show the paper's mechanisms,
# not Xinwen's actual magnitudes.
#
# **How to read it.** The code is in `clustermodels.supernetwork`. Rerun with, e.g.,
# `clustermodels run 01 -p green_subsidy 0.5 -p lang zh`. That writes into `runs/` and never
# touches this notebook or `figures/`.
#
# **Parameters.** `lang`, `weights`, `green_subsidy`, `discard_tax`, `rd_saving`, `instance_file`,
# `tolerance`, `method`, `sweep_points`. Each is set in the `parameters` cell below; `clustermodels
# params 01` lists them with their defaults, units, allowed values and meanings, and the table at the
# end of the notebook shows the same.

# %% [markdown]
# **What was reproduced.** The paper prints no numbers, so there is nothing to match: its Figs. 1-3
# are **redrawn** from the text, and its model is **rebuilt** with functional forms and an
# instance (Xinwen's agents and flows) that are **assumed** and labelled as such. What the notebook
# shows exactly is the paper's mechanism: the variational equilibrium exists, is unique (certified)
# and is computed by two methods that agree; the capped game has other equilibria as well (one is
# computed in Section 4.1); the Section 5 levers are swept (Fig. A3). Every number in the tables is
# in illustrative units.

# %% tags=["parameters"]
# Parameters (declared in clustermodels.supernetwork.notebook; `clustermodels params 01` lists them).
# None = the value in data/01_eco_cluster_supernetwork/instance.yaml.
# On the command line, write a list in YAML: -p NAME "[1, 2, 3]".
lang = "en"               # figure language: "zh" is the paper's own labels (the Chinese edition); one of 'zh', 'en'
weights = None            # preference weights w1 w2 w3 of every agent (ecological value, economic value, cost), summing to 1; a list of exactly 3 numbers in [0, 1]; None (assumed 0.3 0.4 0.3)
green_subsidy = 0.0       # share of the green-flow cost c paid by a subsidy or met by a standard [fraction]; a number in [0, 1)
discard_tax = 0.0         # tax per unit on discarding by-products c d g, passed on as a price cut [per unit]; a number in [0, 10]
rd_saving = 0.0           # R&D raise of the green-processing saving lambda (capped at phi) [fraction]; a number in [0, 10]
instance_file = None      # another instance YAML (same schema), path relative to the repository; a path to a YAML file; None (the Xinwen instance)
tolerance = 1e-10         # natural-map residual at which the solvers stop; a number in [1e-14, 0.01]
method = "extragradient"  # solver of the headline equilibrium; one of 'extragradient', 'euler'
sweep_points = 9          # points per policy sweep in Fig. A3; an integer in [2, 200]

# %%
# Validate every parameter (and certify a unique variational equilibrium) before anything is written.
from clustermodels import i18n
from clustermodels.outputs import OutputFolder
from clustermodels.parameters import given_parameters
from clustermodels.supernetwork import NOTEBOOK
from clustermodels.supernetwork.notebook import DEFAULTS, resolve

given = given_parameters(globals(), DEFAULTS)  # refuses names the notebook does not know
settings = resolve(given)
# Run-time text in the reader's language (clustermodels.i18n), set here once: not in resolve(),
# which the library also calls for default settings (a sweep, the sensitivity sample).
LANG = i18n.activate(settings.lang)
inst, raw = settings.instance, settings.raw
out = OutputFolder.for_run(NOTEBOOK, given, DEFAULTS)
print(out.describe())

# %%
import numpy as np
import pandas as pd

from clustermodels import provenance
from clustermodels import sensitivity as sobol  # global sensitivity (SALib); not paper 3's linkage sensitivity
from clustermodels.i18n import _
from clustermodels.tables import Table, tidy
from clustermodels.style import use_house_style
from clustermodels.runapi import unflatten
from clustermodels.supernetwork import diagrams, equilibrium, gne, model, narrative, plots, policies, run
from IPython.display import Markdown, display
from clustermodels.supernetwork.narrative import headed, translated_values

use_house_style()
pd.set_option("display.width", 130)
results = {"units": "illustrative: a dimensionless, b in 10^4 t, values and costs in 10^6 yuan"}



# %% [markdown]
# ## 1  The model, with the functional forms we chose
#
# Edge $k$ joins a buyer $i$ and a supplier $j$. Agent $i$ solves (1) over its own edges:
#
# $$\max\; w_1\sum_k gv_k(a_k) + w_2\sum_k ev_k(a_k,b_k) - w_3\sum_k\big[c_k(a_k)+f_k(a_k,b_k)+d_k(b)\big],
# \qquad 0\le a_k\le 1,\ 0\le b_k\le \bar b_j,\ \sum_{k\text{ of supplier }j} b_k\le \bar b_j.$$
#
# **What a supplier holds caps what all its buyers take.** The paper defines $b_j$ as the total
# economic resources agent $j$ holds (主体j拥有的经济资源总量), and (1) prints only
# $0\le b_{ij}\le b_j$ per edge. Read literally, five buyers could each take nearly all of coal
# mining's stock. We therefore add the cap $\sum_i b_{ij}\le b_j$ for every supplier, which is what
# "total" means. The green levels get no such cap. $a_{ij}\in[0,1]$ is a *level* of technology or
# know-how shared between two agents, and the paper defines no stock of green resources that the
# levels would draw down. Sharing know-how with one partner does not use it up for another.
#
# With the caps, one agent's feasible takes depend on the others' takes, so the game is a
# generalised Nash game. The VI on the joint set
# $K=\{0\le a\le1,\ b\ge0,\ \sum_{k\text{ of }j}b_k\le b_j\}$ gives its *variational*
# equilibrium (Rosen 1965). There, all buyers of supplier $j$ face one shadow price $\mu_j\ge0$
# for its resource, and $\mu_j$ is zero unless the cap binds. $K$ is closed and convex. The
# projection onto it splits by supplier into a capped simplex, found for all suppliers at once
# (`clustermodels.supernetwork.feasible`).
#
# | term | form | property the paper asks for |
# |---|---|---|
# | ecological value | $gv=g\,(a-a^2/2)$ | concave, rising on $[0,1]$ |
# | green-flow cost | $c=\tfrac12 c\,a^2$ | convex |
# | economic value | $ev=e\,b-\tfrac12 h\,b^2+\theta\,a\,b$ | concave; **green flow raises it** ($\theta>0$) |
# | green-processing cost | $f=\varphi\,b+\tfrac12\psi\,b^2-\lambda\,a\,b$ | convex; **green flow lowers it** ($0\le\lambda\le\varphi$) |
# | acquisition cost | $d=(p_j+r_j S_j)\,b$, $S_j=\sum_{\text{buyers}} b$ | **ours**: the coupling; a supplier's resources get dearer the more all take |
#
# The VI map (3)-(4), $F=-\partial U_i/\partial(\text{own variable})$, is then
#
# $$F_{1,k}=w_3c\,a-(w_3\lambda+w_2\theta)\,b-w_1g(1-a),\qquad
# F_{2,k}=w_3\big(\varphi+\psi b-\lambda a+p_j+r_j(S_j+b)\big)-w_2\big(e-hb+\theta a\big).$$
#
# $F$ is affine. Its Jacobian is symmetric, which makes the game a potential game and justifies the
# Euler method below, **only if the buyers of each supplier share the cost weight $w_3$**. For
# two edges $k,l$ of supplier $j$, $\partial F_{2,k}/\partial b_l=w_3^{(\text{buyer of }k)}r_j$.
# The paper lets each agent choose its own weights. We keep that freedom for $w_1$ and $w_2$, and
# require one $w_3$ among a supplier's buyers. An instance that breaks this stops with an error
# naming `weights`. (The notebook's `weights` parameter gives every agent the same three weights.)
# With a shared $w_3$, the symmetric part is positive definite when every edge's 2×2 block $\begin{psmallmatrix}\alpha&-\beta\\-\beta&\gamma\end{psmallmatrix}$
# is positive definite, with $\alpha=w_3c+w_1g$, $\beta=w_3\lambda+w_2\theta$ and
# $\gamma=w_3(\psi+r_j)+w_2h$. The remaining coupling $w_3r_j\mathbf 1\mathbf 1^\top$ is positive
# semidefinite. Strong monotonicity makes the variational equilibrium unique: the VI on $K$ has
# one solution. It does not make the game's equilibrium unique. With the caps, other points at
# which no agent can gain exist too (Section 4.1).
#
# The numbers, all ours (status *assumed*):

# %% tags=["nbval-check-output"] tables=["instance_edges", "instance_agents"]
edges = pd.DataFrame({
    "edge": [f"{inst.agents[j]}→{inst.agents[i]}" for i, j in zip(inst.buyer, inst.supplier)],
    "economic": [e["economic"] for e in raw["edges"]], "green": [e["green"] for e in raw["edges"]],
    "g": inst.g, "c": inst.c, "e": inst.e, "h": inst.h, "theta": inst.theta,
    "phi": inst.phi, "psi": inst.psi, "lambda": inst.lam, "discount": inst.discount,
})
display(Table(headed(tidy(edges, 3))))
agents = pd.DataFrame({"agent": inst.agents, "available b_j": inst.available, "price p_j": inst.price,
                       "scarcity r_j": inst.scarcity, "w1": inst.weights[:, 0], "w2": inst.weights[:, 1],
                       "w3": inst.weights[:, 2]})
display(Table(headed(tidy(agents, 3))))

# %% [markdown]
# ## 2  Figure 1: the supernetwork concept
#
# The same agents sit in both layers. Green flows $a_{ij}$ (dashed, above) act on the economic
# flows $b_{ij}$ (arrows, below), and dotted lines join each agent to itself across the layers.

# %%
out.show_figure(diagrams.figure1(LANG), "fig1")

# %% [markdown]
# ## 3  The Xinwen cluster (Section 4): Figures 2 and 3
#
# Section 4 describes these activities:
# * coal mining, with gangue separated and back-filled underground ("以矸换煤") and deep seams
#   gasified in place;
# * washing, which yields clean coal and slime;
# * coking;
# * gangue- and slime-fired power, with heat pumps on mine water and exhaust air;
# * building materials from fly ash and gangue;
# * chemicals from high-alumina fly ash and gasification syngas;
# * steel, which uses the cluster's coke and clean coal;
# * purification of mine water;
# * farming and aquaculture on subsided land.
#
# The paper's legend labels activities A-G, economic resources a-f and green resources a1-f1. Its
# drawings are missing from our copy, so which letter stands for which item is **our** reading.
# Water purification (H), agriculture (I), mine water (g), treated water (h) and purification
# technology (g1) are named in the text but not in the legend, so we added them.

# %% tags=["nbval-check-output"] tables=["letters_activities", "letters_resources"]
# The Chinese edition names each item by the paper's word only; the English one gives both.
mapping = pd.DataFrame([{"label": a["id"], "activity (zh)": a["zh"], "activity (en)": a["en"],
                         "label assigned by": a["label_source"]} for a in raw["agents"]])
if LANG == "zh":
    mapping = mapping.drop(columns="activity (en)").rename(columns={"activity (zh)": "activity"})
display(Table(headed(translated_values(mapping, ["label assigned by"]))))
resources = pd.DataFrame([{"label": k, "kind": kind, "zh": v["zh"], "en": v["en"]}
                          for kind, table in (("economic", raw["economic_resources"]), ("green", raw["green_resources"]))
                          for k, v in table.items()])
if LANG == "zh":
    resources = resources.drop(columns="en").rename(columns={"zh": "name"})
display(Table(headed(translated_values(resources, ["kind"]))))

# %%
graph = diagrams.xinwen_graph(inst, raw)
out.show_figure(diagrams.figure2(graph, raw, LANG), "fig2")

# %%
out.show_figure(diagrams.figure3(graph, LANG), "fig3")

# %% [markdown]
# ## 4  The equilibrium
#
# **Uniqueness of the variational equilibrium first.** We report the smallest eigenvalue of the
# Jacobian's symmetric part (exact, since the instance is small) and the block lower bound that
# also scales to large instances. Both must be positive.

# %% tags=["nbval-check-output"]
cert = settings.certificate
print(_("smallest eigenvalue of the symmetric Jacobian: {value}").format(value=f"{cert['exact']:.6f}"))
print(_("block lower bound: {value}  ->  F strongly monotone: unique variational equilibrium").format(
    value=f"{cert['block_bound']:.6f}"))
J = model.jacobian(inst)
print(_("Jacobian symmetric (potential game): {flag}").format(flag=i18n.truth(np.allclose(J, J.T))))

# %% [markdown]
# **Solving.** We use the extragradient method (Korpelevich), which Nagurney calls the modified
# projection method: $\bar X=P_K(X-tF(X))$, then $X\leftarrow P_K(X-tF(\bar X))$, with step
# $t=0.9/L$. $P_K$ is the projection onto $K$, caps included. The method stops when the natural-map
# residual $\lVert X-P_K(X-F(X))\rVert_2$ is at most the tolerance.
#
# We then check the VI's KKT conditions on $K$. Each supplier $j$ has a multiplier $\mu_j\ge0$,
# zero unless its cap binds. With $\mu_j$ added to $F_{2,k}$ on each of $j$'s edges: $F\ge0$ where
# a flow sits at 0, $F\le0$ where it sits at its upper bound, and $F=0$ in between. $\mu_j$ is
# read off the flows, so a wrong one shows up as a violation. It is the supplier's shadow price,
# in the weighted units of $F$. Divided by the buyers' shared $w_3$, it is in money: the price rise
# that would just clear the supplier's stock. Finally, a restart from random points of $K$ must
# reach the same $X^*$. That shows that the method always finds the same variational equilibrium,
# not that the game has no other equilibrium.

# %% tags=["nbval-check-output"]
solved = run.solve(settings)  # the run API: the same solve and numbers as `clustermodels sweep`
sol, kkt = solved.solution, solved.kkt
K = inst.feasible_set()
print(_("method {method}: {iterations} iterations; residual below {tolerance}: {flag}").format(
    method=sol.method, iterations=sol.iterations, tolerance=f"{settings.tolerance:g}", flag=i18n.truth(sol.converged)))
print(_("KKT conditions (with one multiplier per supplier) hold to 1e-8: {flag}").format(
    flag=i18n.truth(kkt["violation"] < 1e-8)))
print(_("every supplier within its stock: {flag}").format(flag=i18n.truth(K.contains(sol.x, tol=1e-12))))
rng = np.random.default_rng(1)
gaps = [np.abs(equilibrium.solve(inst, settings.method, settings.tolerance,
                                 x0=K.project(rng.uniform(*inst.bounds()))).x - sol.x).max() for _ in range(3)]
print(_("same solution (to 1e-7) from 3 random starting points: {flag}").format(flag=i18n.truth(max(gaps) < 1e-7)))

# %% tags=["nbval-check-output"] tables=["table_flows", "table_agents", "table_suppliers"]
a_star, b_star = inst.split(sol.x)
flows = pd.DataFrame({"edge (supplier→buyer)": edges["edge"], "economic": edges["economic"],
                      "green": edges["green"], "a*": a_star, "b*": b_star,
                      "b* / available": b_star / inst.available[inst.supplier]})
display(Table(headed(tidy(flows, 4))))
out.save_table(tidy(flows, 6), "table_flows")  # the CSV files keep the English column names
table_agents = model.agent_table(inst, sol.x)
display(Table(headed(tidy(table_agents, 4))))
out.save_table(tidy(table_agents, 6), "table_agents")
suppliers = solved.suppliers
out.save_table(tidy(suppliers, 6), "table_suppliers")
display(Table(headed(tidy(suppliers, 4))))

# %%
display(Markdown(narrative.caps_markdown(suppliers)))

# %%
out.show_figure(diagrams.equilibrium_figure(graph, inst, sol.x, LANG), "figA1")

# %% [markdown]
# ### 4.1  Other equilibria of the capped game
#
# Rosen (1965) shows how to find other equilibria of a game with shared constraints. Let buyer
# $i$ face $r_i$ times the shadow price that the others face: divide its block of $F$ by $r_i$
# and solve the VI on $K$. With $r_i=1$ for everyone this is the variational equilibrium. With
# buyer B's weight at 2 it is another point (`clustermodels.supernetwork.gne`). We certify both
# points directly. For each agent we solve its own problem (1) against the others' flows, within
# what each supplier has left after the others' takes, and report its best-response gain: the
# most it could add to its own utility by changing its own flows. The table lists the flows from
# every supplier whose cap binds at either point. For each flow it gives the buyer's marginal
# value of one more unit, in money ($-F_{2}/w_3$).

# %% tags=["nbval-check-output"] tables=["table_other_equilibrium"]
price_weights = np.ones(inst.m)
price_weights[inst.agents.index("B")] = 2.0
other = gne.weighted_solve(inst, price_weights, tol=settings.tolerance)
gains_ve = gne.best_response_gains(inst, sol.x)
gains_other = gne.best_response_gains(inst, other.x)
print(_("other point solved: {solved}; within every supplier's stock: {within}").format(
    solved=i18n.truth(other.converged), within=i18n.truth(K.contains(other.x, tol=1e-12))))
print(_("largest best-response gain, variational equilibrium: {variational}; other point: {other} "
        "(both below 1e-9)").format(variational=i18n.truth(np.abs(gains_ve).max() < 1e-9),
                                    other=i18n.truth(np.abs(gains_other).max() < 1e-9)))
print(_("the two points differ (by more than 1e-3 in some flow): {flag}").format(
    flag=i18n.truth(np.abs(other.x - sol.x).max() > 1e-3)))
other_table = gne.compare(inst, sol.x, other.x)
out.save_table(tidy(other_table, 6), "table_other_equilibrium")
display(Table(headed(tidy(other_table, 4))))

# %%
display(Markdown(narrative.other_equilibrium_markdown(inst, other_table, "B", 2.0, gains_ve, gains_other,
                                                      float(np.abs(other.x - sol.x).max()))))

# %% [markdown]
# Coal mining (A) only supplies in this instance. The paper's objective (1) counts what an agent
# earns from the flows it takes, so A's own values are zero.
#
# *Fig. A1.* The equilibrium in both layers: green-flow levels $a^*$ (dashed green, width ∝ level)
# and economic flows $b^*$ (arrows, width ∝ flow). What sizes the flows:

# %%
display(Markdown(narrative.flows_markdown(inst, sol.x, kkt["multipliers"])))

# %% [markdown]
# ## 5  The coupling matters: equilibrium vs the separable model vs a planner
#
# Without the scarcity term (the paper's separable form), each agent solves alone. Its planned
# take then ignores how dear the shared by-products become. With the term, the Nash equilibrium
# holds back. A planner who also counts the scarcity each buyer imposes on the others holds back
# further. All three are valued at the true costs, scarcity included, and all three respect the
# same supplier caps. In the separable case the caps are then the only link between the agents.

# %% tags=["nbval-check-output"] tables=["table_coupling"]
uncoupled = inst.with_(scarcity=np.zeros(inst.m))
cases = {"nash": equilibrium.solve(inst, tol=settings.tolerance).x,
         "separable": equilibrium.solve(uncoupled, tol=settings.tolerance).x,
         "planner": equilibrium.solve(inst, tol=settings.tolerance, mode="cooperative").x}
case_insts = {"nash": inst, "separable": uncoupled, "planner": inst}
case_modes = {"planner": "cooperative"}
utilisation = {key: narrative.supplier_table(case_insts[key], x, np.zeros(inst.m))["utilisation"].max()
               for key, x in cases.items()}
case_kkt = {key: equilibrium.conditions(case_insts[key], x, case_modes.get(key, "nash"))["violation"]
            for key, x in cases.items()}
compare = pd.DataFrame([{"case": narrative.CASES[key], **model.totals(inst, x),
                         "sum of U_i": float(model.utilities(inst, x).sum()),
                         "max |x - Nash|": float(np.abs(x - cases["nash"]).max()),
                         "max utilisation": utilisation[key]}
                        for key, x in cases.items()])
out.save_table(tidy(compare, 6), "table_coupling")
display(Table(headed(tidy(compare, 4).assign(case=compare["case"].map(_)))))
print(_("every case within the caps and its KKT conditions to 1e-8: {flag}").format(
    flag=i18n.truth(max(utilisation.values()) <= 1 + 1e-12 and max(case_kkt.values()) < 1e-8)))

# %%
display(Markdown(narrative.coupling_markdown(compare, utilisation)))

# %% [markdown]
# ## 6  The adjustment path (projected dynamical system)
#
# The paper narrates an adjustment: agents change their green flows as the values they obtain
# change. Its natural model is the projected dynamical system $\dot X=\Pi_K(X,-F(X))$. Its Euler
# discretisation, $X\leftarrow P_K(X-tF(X))$, converges here with $t=1/L$ because $F$ is the
# gradient of a convex potential (the shared $w_3$ above). Starting from no flows at all:

# %% tags=["nbval-check-output"]
euler_run = equilibrium.solve(inst, "euler", settings.tolerance, record=True, record_path=True)
eg_run = equilibrium.solve(inst, "extragradient", settings.tolerance, record=True)
for name, solve_run in ((_("Euler"), euler_run), (_("extragradient"), eg_run)):
    print(_("{method}: {iterations} iterations, {evaluations} evaluations of F").format(
        method=name, iterations=solve_run.iterations, evaluations=solve_run.evaluations))
print(_("the two methods agree to 1e-8: {flag}").format(flag=i18n.truth(np.abs(euler_run.x - eg_run.x).max() < 1e-8)))

# %%
out.show_figure(plots.path_figure(inst, euler_run, eg_run, LANG), "figA2")

# %% [markdown]
# *Fig. A2.* Left: the natural-map residual falls linearly on a log scale for both methods, as
# strong monotonicity predicts. Right: along the Euler path, total green and economic flows rise
# from zero and settle at their equilibrium values (dotted).
#
# ## 7  Section 5's policy levers, and one of ours, numerically
#
# For each lever, we recompute the equilibrium over its range, warm-started from the previous
# point, and plot the change from the lever's first value (no policy; for the weights, the lowest
# $w_1$ of the range in the data file):
# * **subsidy or standard**: the agents bear only $(1-s)$ of the green-flow cost;
# * **discard tax**: suppliers of by-products (c, d, g) avoid the tax by selling them and pass it
#   on as a price cut;
# * **R&D**: raises the green-processing saving $\lambda$;
# * **preferences**: the weight on ecological value, $w_1$, with $w_2=w_3=(1-w_1)/2$.
#
# **Three choices here are ours, not the paper's.**
# * *The green network uses the economic network's edges.* Each green flow $a_{ij}$ runs along an
#   economic flow $b_{ij}$ (the edge table of Section 1 pairs them), so green resources pass only between
#   agents that trade. The paper draws the two networks as separate layers and does not say so.
# * *The discard tax is a full pass-through price cut.* The supplier passes the whole tax on to its
#   buyers as a lower price. No agent decides how much to discard, so the tax acts only through the
#   buyers' demand for waste.
# * *The weight $w_1$ is not one of Section 5's levers.* Section 5 names standards or subsidies, a
#   discard tax and R&D. It has no preference lever; the $w_1$ sweep is our addition.

# %%
ranges = raw["policies"]
sweeps = {
    lever: policies.sweep(settings.base, settings.waste_edges, lever,
                          np.linspace(ranges[lever]["low"], ranges[lever]["high"], settings.sweep_points))
    for lever in ("green_subsidy", "discard_tax", "rd_saving")
}
sweeps["w1"] = policies.sweep(settings.base, settings.waste_edges, "w1",
                             np.linspace(ranges["w1"]["low"], ranges["w1"]["high"], settings.sweep_points))
out.show_figure(plots.policy_figure(sweeps, LANG), "figA3")

# %% tags=["nbval-check-output"] tables=["table_policies"]
rows = []
for lever, frame in sweeps.items():
    ok = frame[frame["certified"]]
    first, last = ok.iloc[0], ok.iloc[-1]
    rows.append({"lever": lever, "from": first["value"], "to": last["value"],
                 **{f"{k} change %": 100 * (last[k] / first[k] - 1)
                    for k in ("ecological_value", "economic_value", "green_flow", "economic_flow")},
                 "certified points": f"{int(frame['certified'].sum())}/{len(frame)}"})
policy_table = pd.DataFrame(rows)
out.save_table(tidy(policy_table, 6), "table_policies")
display(Table(headed(tidy(policy_table, 2))))

# %%
display(Markdown(narrative.policy_markdown(policy_table)))
display(Markdown(narrative.discard_tax_markdown(inst, settings.waste_edges, float(discard_tax),
                                                float(ranges["discard_tax"]["high"]))))

# %% [markdown]
# *Fig. A3.* Section 5 argues that standards and subsidies raise green flows, and that a tax on
# discarding waste and R&D on green processing shift the economic flows. In the default run every
# lever raises both green and economic flows, and every lever but the discard tax also raises
# economic value. The mechanisms:
# * **Subsidy or standard**: green flows and ecological value rise. Economic flows follow,
#   because green flow makes them more valuable and cheaper to process.
# * **R&D**: it makes green processing cheaper, so it acts on the economic layer first. Through
#   the complementarity it also raises green flows.
# * **Discard tax**: it cheapens only the waste edges. A supplier whose stock binds cannot deliver
#   more, so the tax moves its deliveries from its other edges to its waste edges. In the default
#   run A and B bind from the start, and their other edges (raw coal, syngas, clean coal) have the
#   higher $e$. D, whose edges all carry waste, still has stock, so at first the tax raises
#   economic flow and value. Once D's stock binds too, every supplier of waste is at its cap.
#   Economic flow then stops rising, and a higher tax only moves deliveries to lower-value waste
#   edges, so economic value falls, to slightly below its level without the tax.
# * **More weight on ecological value**: in the default run the agents raise every flow, since
#   the two layers are complements and a lower $w_3$ softens costs.
#
# The caps limit every lever. A lever that raises the demand for a resource whose stock already
# binds cannot raise that flow; it raises the supplier's shadow price instead. The sizes of these
# effects depend on our numbers. In the default run the subsidy and R&D effects have the signs
# the complementarities $\theta,\lambda>0$ suggest; the game is not supermodular (buyers of a
# supplier compete through its cap), so the signs are not guaranteed in general. Those of the
# discard tax also depend on which caps bind.
#
# ## 8  Results file
#
# `results.json` and the CSV tables beside the figures keep their English keys and column names in
# both editions, since programs read them.

# %% tags=["nbval-check-output"]
headline = solved.numbers  # the run API's numbers (`clustermodels.supernetwork.run`)
results.update(unflatten(headline))
results.update({
    "max_supplier_utilisation_by_case": {narrative.CASES[key]: round(float(u), 6) for key, u in utilisation.items()},
    "separable_economic_flow": round(float(compare["economic_flow"].iloc[1]), 6),
    "planner_economic_flow": round(float(compare["economic_flow"].iloc[2]), 6),
    "method": sol.method,
})
out.save_results(results)
print(_("results.json keys (machine-readable, in English): {keys}").format(keys=", ".join(sorted(results))))
print(_("ecological value {ecological}, economic value {economic}, cost {cost}; smallest eigenvalue {eigenvalue}").format(
    ecological=f"{headline['ecological_value']:.4f}", economic=f"{headline['economic_value']:.4f}",
    cost=f"{headline['cost']:.4f}", eigenvalue=f"{cert['exact']:.4f}"))
print(_("largest supplier utilisation {value} (at most 1)").format(value=f"{results['max_supplier_utilisation']:.4f}"))

# %% [markdown]
# ## What drives the result: global sensitivity to the assumed inputs
#
# How much does the equilibrium's total green flow Σa (and its economic value) depend on the numbers that the paper does not print and we assumed?
# Every number in `instance.yaml` is ours. The inputs are a factor on each edge parameter (g, c, e, h, θ, φ, ψ, λ) and on the suppliers' stocks, prices and scarcity, and the weights.
# The weights lie on the simplex $w_1+w_2+w_3=1$, so one of them cannot move alone: raising $w_2$
# with $w_1$ fixed also lowers the cost weight $w_3$. We therefore sample two independent
# coordinates of the simplex: the cost weight $w_3$, and the ecological share of the value
# weights, $w_1/(w_1+w_2)$. The index of $w_3$ measures how much the output depends on how heavily
# costs weigh against values; that of the share measures how much it depends on how the value
# weight is split between ecology and economy. A Sobol index also reflects how wide its range
# is: $w_3$ spans ±33 % of its default and the share ±23 %, against ±20 % for the edge factors.
# Their ranges, with why each was chosen, are in one file,
# `data/01_eco_cluster_supernetwork/sensitivity.yaml` (reasons in that folder's README). Each input is drawn
# uniformly within its range in SALib's Saltelli/Sobol' design, and SALib estimates the Sobol
# indices: the first-order index S1 is the share of the output's variance that an input explains
# alone, the total index ST adds its interactions with the others (95 % bootstrap intervals).
# The sentence below the table ranks two inputs only when their intervals do not overlap. It
# names the first as the largest only when the two largest total indices are known to ±0.05.
# The results are read from the committed table `data/01_eco_cluster_supernetwork/sensitivity_samples.csv` (the model takes minutes at these points), which one command regenerates: `python -m clustermodels.sensitivity 01`; the notebook stops if the table does not belong to the current ranges file.

# %%
sens_spec = sobol.load_spec("01")
sens_results = sobol.results_for_notebook(sens_spec)
sens_indices = sobol.indices(sens_spec, sens_results)
out.save_table(sens_indices.round(6), "table_sensitivity")
out.show_figure(sobol.figure(sens_spec, sens_indices, LANG), "fig_sensitivity")

# %% tags=["nbval-check-output"] tables=["table_sensitivity"]
display(Table(headed(sobol.index_table(sens_spec, sens_indices, LANG))))

# %%
display(Markdown(sobol.sentence(sens_spec, sens_indices, sens_results, LANG)))

# %% [markdown]
# ## Ran with

# %%
print(provenance.report())

# %% [markdown]
# ## How to cite
#
# Cite the original paper and this compendium (the metadata are in `CITATION.cff`).

# %%
from clustermodels import citation

Markdown(citation.how_to_cite("01"))

# %% [markdown]
# ## Parameters
#
# Every parameter of this notebook, from its declaration in `clustermodels.supernetwork.notebook`
# (`clustermodels params 01` prints the same in a terminal, and `--json-schema` the schema that
# checks a `-f` file). `None` means the value in the data file, given in brackets.

# %%
from clustermodels.explore import explore, still
from clustermodels.supernetwork.notebook import DECLARATION

display(Markdown(DECLARATION.markdown(LANG)))

# %% [markdown]
# ## Explore the model live
#
# *Optional, in JupyterLab.* The panel has a control for each parameter a reader would move. Each
# change reruns the model through its run API (no files) and redraws its headline figure,
# the equilibrium flows of Fig. A1, edge by edge,
# and the key numbers, this run beside the default run; a refused value shows the same message
# as `clustermodels run`.
# Below is a still image of it. To use it, open this notebook in JupyterLab (`make lab`), run the
# notebook, then set `INTERACTIVE = True` in the next cell and run that cell.

# %%
INTERACTIVE = False  # True in JupyterLab: the live panel instead of its still image
display(explore("01", LANG) if INTERACTIVE else still("01", LANG))
