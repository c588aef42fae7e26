"""Paper 3: industrial structure under water, energy and pollution goals (Hong & Cheng 2022).

:mod:`.iotable` loads the real 2012 input-output table and aggregates it (139 -> 42 sectors);
:mod:`.linkages` computes the Leontief and Ghosh inverses, power and sensitivity of dispersion and
the quadrants of Fig. 1; :mod:`.goalprog` is a lexicographic goal-programming helper on HiGHS.
"""

NOTEBOOK = "03_industrial_structure_goal_programming"
