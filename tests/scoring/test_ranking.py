"""Competition ranking within groups, 1e-9 ties and veto ordering."""

import numpy as np

from leitai.scoring.ranking import competition_ranks


def ranks(totals, groups=None, vetoed=None):
    totals = np.array(totals, dtype=float)
    groups = np.zeros(len(totals), dtype=int) if groups is None else np.array(groups)
    vetoed = np.zeros(len(totals), dtype=bool) if vetoed is None else np.array(vetoed)
    return competition_ranks(groups, totals, vetoed).tolist()


def test_competition_ranking():
    assert ranks([100, 90, 90, 80]) == [1, 2, 2, 4]


def test_within_one_billionth_is_a_tie():
    assert ranks([90 + 5e-10, 90, 89.9]) == [1, 1, 3]


def test_ties_are_measured_from_the_leader_of_the_block():
    # Each neighbour is within 1e-9 but the third is 1.2e-9 below the leader.
    assert ranks([1.0, 1.0 - 0.6e-9, 1.0 - 1.2e-9]) == [1, 1, 3]
    assert ranks([1.0, 1.0 - 0.6e-9, 1.0 - 1.2e-9, 1.0 - 1.8e-9]) == [1, 1, 3, 3]


def test_groups_rank_separately_and_a_group_of_one_is_first():
    assert ranks([10, 20, 5, 30], groups=[0, 0, 1, 0]) == [3, 2, 1, 1]


def test_vetoed_after_others_and_ranked_among_themselves():
    got = ranks([100, 90, 95, 50, 95], vetoed=[True, False, True, False, True])
    assert got == [3, 1, 4, 2, 4]


def test_units_without_total_get_no_rank():
    assert ranks([np.nan, 5, np.nan]) == [0, 1, 0]
    assert ranks([np.nan]) == [0]
    assert ranks([]) == []
