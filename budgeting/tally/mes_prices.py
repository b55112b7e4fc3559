"""Float price computations for one project in a run of the method of equal shares, with proven bounds.

A project's price rho (pabutools' "affordability") is the least x at which its supporters' payments
``F(x) = sum_g m_g * min(b_g, x * s_g)`` reach its cost: each supporter pays rho per unit of
satisfaction, or all they have. F is concave, nondecreasing and piecewise linear in x. The budgets
``b`` here are floats within ``error`` of the exact ones (per voter), so each function bounds the float
rounding of F and only claims what the bound proves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

EPS = 2.0**-52  # twice the unit roundoff of float64


@dataclass(frozen=True, eq=False)
class Support:
    """The distinct ballots that give a project points, as arrays."""

    idx: np.ndarray  # ballot indices
    u: np.ndarray  # their (integer) points
    mf: np.ndarray  # their multiplicities, as floats
    sat: np.ndarray | float  # satisfaction per voter, weight * points (one number for approval)
    msat: np.ndarray  # mf * sat
    mu: np.ndarray  # multiplicity * points (integers)
    uf: np.ndarray | float  # points as floats (1 for approval)
    voters: float
    total_sat: float
    total_points: int
    weight: int  # satisfaction per point: the cost for approval (cost satisfaction), 1 for cumulative
    cost: int

    @classmethod
    def of(cls, points_row: np.ndarray, multiplicity: np.ndarray, *, cost: int, approval: bool) -> Support:
        idx = np.flatnonzero(points_row)
        u = points_row[idx]
        m = multiplicity[idx]
        mf = m.astype(float)
        weight = cost if approval else 1
        sat: np.ndarray | float = float(weight) * u.astype(float)
        msat = mf * sat
        uf: np.ndarray | float = u.astype(float)
        if approval:
            sat, uf = float(weight), 1.0  # every supporter has the same satisfaction: the cost
        total_points = int(m @ u)
        return cls(idx, u, mf, sat, msat, m * u, uf, float(mf.sum()), float(msat.sum()), total_points, weight, cost)

    def first_lower_bound(self) -> float:
        """The price if everybody could pay it, a lower bound at any time: cost / total satisfaction."""
        return float(Fraction(self.cost, self.weight * self.total_points)) * (1 - EPS)

    def slack(self, error: float, paid: float) -> float:
        """Bound on |F computed in floats - F exact| when the float sum is ``paid``."""
        return self.voters * error + 4 * (len(self.idx) + 4) * EPS * max(self.cost, paid)


def newton(s: Support, b: np.ndarray, mb: np.ndarray, x: float) -> tuple[float, float] | None:
    """Newton's method on F from below (it converges, F being concave): (approximate price, rich satisfaction)."""
    for _ in range(64):
        poor = b < x * s.sat
        rich_sat = s.total_sat - float(np.add.reduce(s.msat, where=poor))
        if rich_sat <= 0:
            return None
        x_new = (s.cost - float(np.add.reduce(mb, where=poor))) / rich_sat
        if x_new <= x:
            return x_new, rich_sat
        x = x_new
    return None


def by_sorting(s: Support, b: np.ndarray, mb: np.ndarray) -> tuple[float, float]:
    """The approximate price by sorting supporters by budget per unit of satisfaction, as pabutools does."""
    ratio = b / s.sat
    order = np.argsort(ratio, kind="stable")
    paid = mb[order]
    before = np.cumsum(paid) - paid
    rich = np.cumsum(s.msat[order][::-1])[::-1]
    fits = (s.cost - before) / rich <= ratio[order]
    cut = int(np.argmax(fits)) if fits.any() else len(order) - 1
    return float((s.cost - before[cut]) / rich[cut]), float(rich[cut])


def enclose(s: Support, b: np.ndarray, approx: tuple[float, float], error: float, available: float):
    """A proven interval (lo, hi) around the approximate price: F(lo) < cost <= F(hi); None if not found."""
    rho, rich_sat = approx
    slack = s.slack(error, available)
    delta = 8 * slack / (rho * rich_sat) + 64 * EPS
    for _ in range(3):
        xs = np.array([rho * (1 - delta), rho * (1 + delta)])
        paid = np.minimum(b, xs[:, None] * s.sat) @ s.mf
        if paid[0] + slack < s.cost <= paid[1] - slack:
            return float(xs[0]), float(xs[1])
        delta *= 64
    return None


def lower_bound_above(s: Support, b: np.ndarray, threshold: float, error: float, tol: float) -> float | None:
    """A proven lower bound above ``threshold`` for the price, or None.

    If F(threshold) falls short of the cost, the price is above the threshold, and the tangent of the
    concave F there (one Newton step) bounds it from below.
    """
    capped = threshold * s.sat
    paid = float(np.minimum(b, capped) @ s.mf)
    paid += s.slack(error, paid)
    if paid >= s.cost:
        return None
    # Slope of F just right of the threshold, over-estimated: every voter who may have more than x * s.
    slope = float(np.add.reduce(s.msat, where=b > capped - tol))
    if slope <= 0:
        return math.inf  # F is flat from here: the supporters cannot afford the project at any price
    return (threshold + (s.cost - paid) / (slope * (1 + 4 * len(b) * EPS))) * (1 - 4 * EPS)
