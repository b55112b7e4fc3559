"""One run of the method of equal shares: floats with proven error bounds, exact numbers where they decide.

The result equals pabutools' ``method_of_equal_shares`` (exact fractions, ties to the smaller project id
string):

* Each round's winner gets its exact price, kept with exact budgets (:mod:`.mes_exact`); the float
  budgets follow those exact prices, so their error has a small proven bound (``_Run.error``) that
  grows by a few roundings per round instead of compounding.
* A project's price rho (pabutools' "affordability": what each supporter pays per unit of satisfaction)
  is approximated in floats and enclosed in a proven interval (:mod:`.mes_prices`).
* Projects are examined in order of a lower bound of their price, as pabutools does (prices only rise
  during a run); the search stops once a lower bound exceeds the best upper bound.
* When intervals overlap (ties, near-ties) or affordability is too close to call, exact prices decide.

A run can also *certify* that it picks the same projects in the same order as a reference run with a
smaller voter budget; then so does every budget in between (see ``mes.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .mes_exact import ExactBudgets
from .mes_prices import EPS, Support, by_sorting, enclose, lower_bound_above, newton
from .prepared import Prepared


@dataclass(eq=False)
class Price:
    """A proven enclosure ``lo <= rho <= hi`` of a project's price; ``exact`` once it was needed."""

    lo: float
    hi: float
    approx: float
    budgets: np.ndarray  # float budgets of the supporters when the price was found
    exact: Fraction | None = None
    poor: np.ndarray | None = None  # with ``exact``: who pays all they have


@dataclass(eq=False)
class Round:
    project: int
    price: Price  # exact


@dataclass(eq=False)
class MesRun:
    """The rounds of one MES run with ``step`` units added to every voter's budget."""

    step: int
    rounds: list[Round] = field(default_factory=list)
    certified: bool = False

    @property
    def sequence(self) -> list[int]:
        return [r.project for r in self.rounds]


class MesEngine:
    """Supporter arrays for repeated MES runs on one election."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.points_t = np.ascontiguousarray(prepared.utilities.T)
        mf = prepared.multiplicity.astype(float)
        # Exact sums of points times multiplicities run faster in float64 (BLAS) while below 2**53.
        if int(prepared.utilities.max(initial=0)) * max(prepared.num_voters, 1) < 2**53:
            self.exact_arrays = (prepared.utilities.astype(float), mf)
        else:
            self.exact_arrays = (prepared.utilities, prepared.multiplicity)
        self.selectable: list[int] = []
        self.free: list[int] = []
        self.support: dict[int, Support] = {}
        self.first_lower: dict[int, float] = {}
        self.twin: dict[int, int] = {}  # same cost and same points from every ballot: always the same price
        first_of: dict[tuple[int, bytes], int] = {}
        for j, (cost, points) in enumerate(zip(prepared.costs, prepared.total_points, strict=True)):
            weight = cost if prepared.approval else 1
            if weight * points <= 0:
                continue  # satisfies nobody: MES never selects it
            if cost == 0:
                self.free.append(j)  # pabutools selects these before the first round
                continue
            support = self.support[j] = Support.of(
                self.points_t[j], prepared.multiplicity, cost=cost, approval=prepared.approval
            )
            self.selectable.append(j)
            self.twin[j] = first_of.setdefault((cost, self.points_t[j].tobytes()), j)
            self.first_lower[j] = support.first_lower_bound()

    def run(self, step: int, reference: MesRun | None = None) -> MesRun:
        """MES with ``budget / voters + step`` (currency units) per voter, certified against ``reference``."""
        return _Run(self, step).play(reference)

    def selection(self, run: MesRun) -> set[int]:
        return set(self.free) | set(run.sequence)


class _Run:
    def __init__(self, engine: MesEngine, step: int) -> None:
        prepared = engine.prepared
        self.engine = engine
        self.rank = prepared.name_rank
        self.b0q = prepared.budget + prepared.num_voters * step * prepared.money_scale
        self.b0f = self.b0q / prepared.num_voters
        self.bf = np.full(engine.points_t.shape[1], self.b0f)
        self.error = EPS * self.b0f
        self.result = MesRun(step)
        self.exact = ExactBudgets(
            initial_q=self.b0q,
            num_voters=prepared.num_voters,
            utilities=engine.exact_arrays[0],
            multiplicity=engine.exact_arrays[1],
        )

    def play(self, reference: MesRun | None) -> MesRun:
        engine, rounds = self.engine, self.result.rounds
        lower = dict(engine.first_lower)
        remaining = set(engine.selectable)
        following = reference is not None
        while remaining:
            ref_round = reference.rounds[len(rounds)] if following and len(rounds) < len(reference.rounds) else None
            ceiling = ref_round.price.hi if ref_round else -math.inf
            examined: dict[int, Price] = {}
            best_hi = math.inf
            order = sorted(remaining, key=lower.__getitem__)
            if ref_round and ref_round.project in remaining:
                order.insert(0, ref_round.project)  # likely the winner again: a tight bound early
            for j in order:
                if j in examined:
                    continue
                threshold = max(best_hi, ceiling)
                if examined and lower[j] > threshold:
                    break
                if examined:
                    bound = self._dearer(j, threshold)
                    if bound is not None:
                        lower[j] = bound  # proven above the threshold: j cannot win this round
                        continue
                price = self._examine(j, lower[j])
                if price is None:
                    remaining.discard(j)
                    continue
                examined[j], lower[j] = price, price.lo
                best_hi = min(best_hi, price.hi)
            if not examined:
                break
            winner = self._choose(examined, best_hi)
            if following:
                following = ref_round is not None and self._certifies(ref_round, winner, examined)
            self._charge(winner, examined[winner])
            remaining.discard(winner)
        self.result.certified = following and len(rounds) == len(reference.rounds)
        return self.result

    def _examine(self, j: int, start: float) -> Price | None:
        """The price of project j (at least ``start``), or None if its supporters cannot afford it."""
        s = self.engine.support[j]
        b = self.bf[s.idx]
        mb = s.mf * b
        available = float(mb.sum())
        slack = s.slack(self.error, available)
        if available + slack < s.cost:
            return None
        if available - slack >= s.cost:
            approx = newton(s, b, mb, start) or by_sorting(s, b, mb)
            bounds = enclose(s, b, approx, self.error, available)
            if bounds is not None:
                return Price(bounds[0], bounds[1], approx[0], b)
            return self._exact_price(j, b, approx[0])
        if not self.exact.affordable(s.idx, s.cost):
            return None
        return self._exact_price(j, b, by_sorting(s, b, mb)[0])

    def _dearer(self, j: int, threshold: float) -> float | None:
        """A proven lower bound above ``threshold`` for the price of project j, or None."""
        s = self.engine.support[j]
        return lower_bound_above(s, self.bf[s.idx], threshold, self.error, self._tolerance())

    def _tolerance(self) -> float:
        """Budgets closer than this to a payment are compared exactly."""
        return 4 * self.error + 1e-12 * self.b0f

    def _exact_price(self, j: int, b: np.ndarray, approx: float) -> Price:
        """Exact price and split of project j, from the float split when the exact check confirms it."""
        s, exact = self.engine.support[j], self.exact
        poor = b < approx * s.sat
        rich_points = s.total_points - int(np.add.reduce(s.mu, where=poor))
        rho = exact.rho_given(s.idx, s.weight, s.cost, poor, rich_points)
        if rho is not None:
            diff = b - float(rho) * s.sat
            tol = self._tolerance()
            # The poor must have at most rho * sat, the rich at least: floats decide outside +-tol.
            if np.where(poor, -diff, diff).min() >= -tol:
                close = np.flatnonzero(np.abs(diff) <= tol)
                if exact.split_holds(s.idx, s.u, s.weight, rho, poor, close):
                    return _exact(rho, poor, b)
        found = exact.rho_exactly(s.idx, s.u, s.weight, s.cost)
        if found is None:  # pragma: no cover - only affordable projects get here
            raise AssertionError("pricing an unaffordable project")
        return _exact(*found, b)

    def _choose(self, examined: dict[int, Price], best_hi: float) -> int:
        """The cheapest project; overlapping intervals are settled exactly, ties go to the smaller id string."""
        contenders = [j for j, price in examined.items() if price.lo <= best_hi]
        if len(contenders) == 1:
            return contenders[0]
        for j in contenders:
            price = examined[j]
            if price.exact is None:
                examined[j] = self._exact_price(j, price.budgets, price.approx)
        return min(contenders, key=lambda j: (examined[j].exact, self.rank[j]))

    def _certifies(self, reference: Round, winner: int, examined: dict[int, Price]) -> bool:
        """Whether every budget between the reference's and this run's picks ``winner`` in this round.

        With the same earlier picks, budgets only grow and prices only fall as the voter budget grows: the
        reference price of the winner bounds it from above, this run's prices bound the others from below.
        """
        if reference.project != winner:
            return False
        ceiling = reference.price
        twin = self.engine.twin
        for j, price in examined.items():
            if j == winner or price.lo > ceiling.hi or twin[j] == twin[winner]:
                continue  # a twin ties with the winner at every budget and lost the tie-break here
            if price.exact is None:
                price = examined[j] = self._exact_price(j, price.budgets, price.approx)
            if not (price.exact > ceiling.exact or (price.exact == ceiling.exact and self.rank[winner] < self.rank[j])):
                return False
        return True

    def _charge(self, j: int, price: Price) -> None:
        """Supporters pay: all they have if that is less than rho * satisfaction, else exactly that."""
        if price.exact is None:
            price = self._exact_price(j, price.budgets, price.approx)
        s = self.engine.support[j]
        self.result.rounds.append(Round(j, price))
        pi = price.exact * s.weight
        self.exact.apply(j, s.idx, pi, price.poor)
        budgets = np.maximum(price.budgets - float(pi) * s.uf, 0.0)
        budgets[price.poor] = 0.0
        self.bf[s.idx] = budgets
        # Exact prices keep the error additive: a rounding of pi and of the subtraction per round.
        self.error += 2 * EPS * self.b0f


def _exact(rho: Fraction, poor: np.ndarray, b: np.ndarray) -> Price:
    value = float(rho)
    return Price(value * (1 - EPS), value * (1 + EPS), value, b, rho, poor)
