"""Shapley values: crisp, and the fuzzy Shapley value (15) of a coalition with participation rates.

Formula (15) of the paper (after Sun & Zhang 2010) splits a fuzzy coalition u's payoff among its
members: every sub-coalition S of u's members brings the *same* rates s_ut it brings to u, and is
valued with the priority rule,

    phi_l(u) = sum_{S subset of u, l in S} (|S|-1)! (|u|-|S|)! / |u|!
               * ( gamma(s restricted to S) - gamma(s restricted to S minus l) ).

This is the crisp Shapley value of the game w_u(S) = gamma(s_u restricted to S) on u's members,
so the shares add up to gamma(u) (efficiency), equal members get equal shares (symmetry) and a
member with rate 0 gets 0 (it changes no sub-coalition's payoff). We implement this reading,
the direct one. The Choquet reading of Tsurumi, Tanino & Inuiguchi (2001) is
:func:`choquet_shapley`, for comparison only.
"""

from __future__ import annotations

from math import comb, factorial

import numpy as np

from .priority import coalition_payoff


def shapley_from_values(values: np.ndarray) -> np.ndarray:
    """Crisp Shapley value of a game on t players given as ``values[mask]`` for every subset
    (bit i of ``mask`` set = player i in the subset; ``values[0]`` is the empty coalition)."""
    values = np.asarray(values, dtype=float)
    t = int(values.size).bit_length() - 1
    if values.size != 1 << t:
        raise ValueError("values must have 2**t entries, one per subset")
    masks = np.arange(values.size)
    sizes = np.array([bin(m).count("1") for m in masks])
    weight = np.array([factorial(k) * factorial(t - k - 1) / factorial(t) if k < t else 0.0
                       for k in range(t + 1)])
    phi = np.zeros(t)
    for i in range(t):
        without = masks[(masks >> i) & 1 == 0]  # subsets S not containing i
        phi[i] = np.sum(weight[sizes[without]] * (values[without | (1 << i)] - values[without]))
    return phi


def shapley(game, players) -> dict:
    """Crisp Shapley value of ``game(frozenset) -> float`` on the given players."""
    players = list(players)
    values = np.array([game(frozenset(p for k, p in enumerate(players) if m >> k & 1))
                       for m in range(1 << len(players))])
    return dict(zip(players, shapley_from_values(values)))


def subset_payoffs(rates, water, caps, efficiency) -> np.ndarray:
    """gamma of every crisp sub-coalition of the members, each bringing its rate (by bitmask)."""
    rates = np.asarray(rates, dtype=float)
    t = rates.size
    out = np.zeros(1 << t)
    for mask in range(1, 1 << t):
        inside = np.array([(mask >> k) & 1 for k in range(t)], dtype=float)
        out[mask] = coalition_payoff(rates * inside, water, caps, efficiency)
    return out


def fuzzy_shapley(rates, water, caps, efficiency) -> np.ndarray:
    """Formula (15): each member's share of the fuzzy coalition's payoff gamma(u).

    ``rates``, ``water`` (X), ``caps`` (C) and ``efficiency`` (b) are the members' values."""
    return shapley_from_values(subset_payoffs(rates, water, caps, efficiency))


def choquet_value(rates, crisp_game) -> float:
    """Tsurumi et al. (2001): v(s) = sum_l v([s]_{h_l}) (h_l - h_{l-1}) over the distinct positive
    rates h_1 < ... < h_q, with [s]_h the members whose rate is at least h."""
    rates = np.asarray(rates, dtype=float)
    levels = np.unique(rates[rates > 0])
    total, previous = 0.0, 0.0
    for h in levels:
        total += crisp_game(frozenset(np.flatnonzero(rates >= h))) * (h - previous)
        previous = h
    return total


def choquet_shapley(rates, crisp_game) -> np.ndarray:
    """Tsurumi et al.'s fuzzy Shapley value: crisp Shapley values of the level sets, weighted as in
    :func:`choquet_value`. Its entries add up to ``choquet_value``, not to the priority payoff."""
    rates = np.asarray(rates, dtype=float)
    levels = np.unique(rates[rates > 0])
    out, previous = np.zeros(rates.size), 0.0
    for h in levels:
        members = np.flatnonzero(rates >= h)
        phi = shapley(crisp_game, members)
        for i in members:
            out[i] += phi[i] * (h - previous)
        previous = h
    return out


def printed_formula_shares(rates, water, caps, efficiency, n_players: int, over_all_of_n: bool = False) -> np.ndarray:
    """Formula (15) with the weights as printed: (|S|-1)! (|N|-|S|)! / |N|!, |N| = ``n_players``
    (all players of the game), not the coalition's own size.

    ``over_all_of_n=False`` sums, as the printed index suggests, over the crisp sub-coalitions S of
    the fuzzy coalition's own members only; the shares then do not add up to gamma(u) when the
    coalition has fewer than |N| members. ``over_all_of_n=True`` sums over every crisp coalition of
    N, the players outside u bringing rate 0 (e_t = 0 in the paper's notation): they change no
    payoff (null players), and the shares equal :func:`fuzzy_shapley` exactly."""
    rates = np.asarray(rates, dtype=float)
    t = rates.size
    if n_players < t:
        raise ValueError(f"n_players = {n_players} is invalid: allowed at least the coalition's {t} members")
    values = subset_payoffs(rates, water, caps, efficiency)
    N = n_players
    weight = [factorial(k - 1) * factorial(N - k) / factorial(N) for k in range(1, N + 1)]
    out = np.zeros(t)
    outside = N - t
    for i in range(t):
        for mask in range(1 << t):
            if not mask >> i & 1:
                continue
            k = bin(mask).count("1")
            gain = values[mask] - values[mask & ~(1 << i)]
            if over_all_of_n:  # add any j of the outsiders: C(outside, j) coalitions of size k + j
                w = sum(comb(outside, j) * weight[k + j - 1] for j in range(outside + 1))
            else:
                w = weight[k - 1]
            out[i] += w * gain
    return out
