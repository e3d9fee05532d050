"""The statistic `make bench` reports for "does timing tell a number exists"."""
from __future__ import annotations

import random

from devtools.bench import best_threshold_accuracy


def test_groups_that_do_not_overlap_are_told_apart_every_time():
    assert best_threshold_accuracy([1, 2, 3], [10, 11, 12]) == 1.0
    assert best_threshold_accuracy([10, 11, 12], [1, 2, 3]) == 1.0  # either direction


def test_identical_groups_are_a_coin():
    assert best_threshold_accuracy([5, 5, 5, 5], [5, 5, 5, 5]) == 0.5


def test_one_distribution_stays_near_chance_and_a_shift_shows():
    rng = random.Random(15)
    same = best_threshold_accuracy([rng.gauss(50, 5) for _ in range(400)], [rng.gauss(50, 5) for _ in range(400)])
    shifted = best_threshold_accuracy([rng.gauss(50, 5) for _ in range(400)], [rng.gauss(58, 5) for _ in range(400)])
    assert 0.5 <= same < 0.57 < 0.75 < shifted


def test_a_worked_example():
    # a: 1 4 6, b: 3 5 7 -> "a if <= 1" gets 1 + 3 = 4 of 6 right; no threshold does better.
    assert best_threshold_accuracy([1, 4, 6], [3, 5, 7]) == 4 / 6
