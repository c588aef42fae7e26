"""Paper 1: the Xinwen eco-industrial cluster as a supernetwork, solved as a variational inequality.

:mod:`.model` holds the functional forms, F(X) of (3)-(4) and the monotonicity certificate;
:mod:`.vi` the projection solvers; :mod:`.policies` the levers of Section 5.
"""

NOTEBOOK = "01_eco_cluster_supernetwork"
