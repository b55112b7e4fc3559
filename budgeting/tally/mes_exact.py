"""Exact voter budgets for the method of equal shares, cheap to sum.

A voter who once paid all they had is at 0 for good. Any other voter has paid ``pi_k * u[g, k]`` for
each selected project ``k`` they support (``pi_k`` is the price per point: rho times the project's
satisfaction weight), so their budget is ``(b0Q - sum_k A_k * u[g, k]) / Q`` with integers
``A_k = pi_k * Q`` over one common denominator ``Q``. The total budget of any set of voters is then
one integer matrix product (numpy) and a few big-integer multiplications, with no fraction arithmetic.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction

import numpy as np


class ExactBudgets:
    """Exact budgets after the rounds applied so far (``rounds``) of one MES run."""

    def __init__(self, *, initial_q: int, num_voters: int, utilities: np.ndarray, multiplicity: np.ndarray) -> None:
        """``utilities`` and ``multiplicity`` may be float64 arrays holding integers: sums of their products
        must stay below 2**53 (the engine checks), and then float arithmetic on them is exact."""
        self.q = num_voters
        self.b0q = initial_q
        self.utilities = utilities
        self.m = multiplicity
        self.alive = np.ones(utilities.shape[0], dtype=bool)
        self.a: list[int] = []
        self.selected: list[int] = []

    @property
    def rounds(self) -> int:
        return len(self.selected)

    def sum_q(self, groups: np.ndarray) -> int:
        """``Q`` times the total budget of the voters of ``groups`` (all groups given, dead ones ignored)."""
        groups = groups[self.alive[groups]]
        if not len(groups):
            return 0
        m = self.m[groups]
        total = int(m.sum()) * self.b0q
        if self.a:
            paid = (m @ self.utilities[groups])[self.selected]
            total -= sum(map(operator.mul, self.a, map(int, paid.tolist())))
        return total

    def budget_q(self, group: int) -> int:
        """``Q`` times the budget of one voter of ``group``."""
        if not self.alive[group]:
            return 0
        row = map(int, self.utilities[group, self.selected].tolist())
        return self.b0q - sum(map(operator.mul, self.a, row))

    def affordable(self, idx: np.ndarray, cost: int) -> bool:
        return self.sum_q(idx) >= cost * self.q

    def rho_given(self, idx, weight: int, cost: int, poor: np.ndarray, rich_points: int) -> Fraction | None:
        """The price that makes ``poor`` pay all they have and the others (``rich_points`` in all) rho per point."""
        if rich_points == 0:
            return None
        numerator = cost * self.q - self.sum_q(idx[poor])
        return Fraction(numerator, self.q * weight * rich_points)

    def split_holds(self, idx, u, weight: int, rho: Fraction, poor: np.ndarray, close: np.ndarray) -> bool:
        """Whether the voters at positions ``close`` are on the right side: poor b <= rho*s, rich b >= rho*s.

        The caller has checked all other positions with floats and a safe margin.
        """
        for position in close.tolist():
            lhs = self.budget_q(int(idx[position])) * rho.denominator
            rhs = rho.numerator * weight * int(u[position]) * self.q
            if (lhs > rhs) if poor[position] else (lhs < rhs):
                return False
        return True

    def rho_exactly(self, idx, u, weight: int, cost: int) -> tuple[Fraction, np.ndarray] | None:
        """pabutools' own loop on exact budgets (slow; used when floats cannot decide)."""
        q = self.q
        budgets = [self.budget_q(int(g)) for g in idx.tolist()]
        mult = [int(x) for x in self.m[idx].tolist()]
        points = u.tolist()
        if sum(mi * bi for mi, bi in zip(mult, budgets, strict=True)) < cost * q:
            return None
        order = sorted(range(len(budgets)), key=lambda i: Fraction(budgets[i], points[i]))
        paid_q, denominator = 0, weight * sum(mi * pi for mi, pi in zip(mult, points, strict=True))
        poor = np.zeros(len(budgets), dtype=bool)
        for i in order:
            rho = Fraction(cost * q - paid_q, q * denominator)
            if rho * weight * points[i] * q <= budgets[i]:
                return rho, poor
            poor[i] = True
            paid_q += mult[i] * budgets[i]
            denominator -= mult[i] * weight * points[i]
        raise AssertionError("an affordable project always has a price")  # pragma: no cover

    def apply(self, project: int, idx: np.ndarray, pi: Fraction, poor: np.ndarray) -> None:
        """Charge the supporters of ``project``: the poor pay all they have, the others ``pi`` per point."""
        q = math.lcm(self.q, pi.denominator)
        if q != self.q:
            factor = q // self.q
            self.a = [a * factor for a in self.a]
            self.b0q *= factor
            self.q = q
        self.selected.append(project)
        self.a.append(pi.numerator * (q // pi.denominator))
        self.alive[idx[poor]] = False
