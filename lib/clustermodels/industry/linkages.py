"""Inter-industry linkages of section 1.2: Leontief and Ghosh inverses, dispersion indices, quadrants.

* Technical (input) coefficients a_ij = z_ij / x_j; Leontief inverse L = (I - A)^-1.
* Power of dispersion (影响力系数, (3)-(4)): column sums of L over their mean,
  t_j = sum_i l_ij / ((1/n) sum_j sum_i l_ij).
* Allocation (output) coefficients h_ij = z_ij / x_i; Ghosh inverse G = (I - H)^-1.
* Sensitivity of dispersion (感应度系数, (5)): row sums of G over their mean,
  s_i = sum_j g_ij / ((1/n) sum_i sum_j g_ij).
* Quadrants of Fig. 1 (split at 1): I both >= 1, II power < 1 and sensitivity >= 1,
  III both < 1, IV power >= 1 and sensitivity < 1.
"""

from __future__ import annotations

import numpy as np


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    return Z / x[None, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    return Z / x[:, None]


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def ghosh_inverse(H: np.ndarray) -> np.ndarray:
    return np.linalg.inv(np.eye(H.shape[0]) - H)


def power_of_dispersion(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    col = leontief_inverse(technical_coefficients(Z, x)).sum(axis=0)
    return col / col.mean()


def sensitivity_of_dispersion(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    row = ghosh_inverse(allocation_coefficients(Z, x)).sum(axis=1)
    return row / row.mean()


def quadrant(power: np.ndarray, sensitivity: np.ndarray) -> np.ndarray:
    """'I', 'II', 'III' or 'IV' per sector, split at 1 as in Fig. 1."""
    p, s = np.asarray(power) >= 1, np.asarray(sensitivity) >= 1
    return np.where(p & s, "I", np.where(~p & s, "II", np.where(~p & ~s, "III", "IV")))
