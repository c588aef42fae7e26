"""Paper 4: Jing-Jin-Ji water allocation with fuzzy coalitions (Tan & Jiang 2017).

Stage 1 (:mod:`.stage1`) allocates local and shared water to every user; stage 2
(:mod:`.stage2`) lets industries pool water in fuzzy coalitions valued by the priority rule
(:mod:`.priority`); stage 3 splits each coalition's payoff with the fuzzy Shapley value
(:mod:`.shapley`). :mod:`.core` checks the split against groups that could leave.
"""

NOTEBOOK = "04_water_allocation_fuzzy_coalitions"
