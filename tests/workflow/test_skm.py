"""IKM against worked examples computed by hand, the 0.11-vs-1/9 trap, and category bounds."""

from __future__ import annotations

from fractions import Fraction

import pytest

from workflow.skm import CODES, ELEMENTS, category, compute_ikm, round2


def response(*values):
    return dict(zip(CODES, values, strict=True))


def test_nine_elements_with_four_labels_each():
    assert len(ELEMENTS) == 9 and len(set(CODES)) == 9
    assert all(len(e.labels) == 4 and len(e.labels_en) == 4 for e in ELEMENTS)
    biaya = next(e for e in ELEMENTS if e.code == "BIAYA")
    assert biaya.labels == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")


def test_worked_example_by_hand():
    # Three respondents. Sums per element: 11, 10, 9, 12, 10, 11, 12, 8, 9 = 92 over 27 answers.
    rows = [
        response(4, 3, 3, 4, 3, 4, 4, 3, 3),
        response(4, 4, 3, 4, 4, 4, 4, 3, 3),
        response(3, 3, 3, 4, 3, 3, 4, 2, 3),
    ]
    result = compute_ikm(rows)
    assert result.responses == 3
    assert result.nrr["PERSYARATAN"] == Fraction(11, 3)
    # IKM = (92 / 3 / 9) × 25 = 2300 / 27 = 85.185…
    assert result.ikm == Fraction(2300, 27)
    assert result.ikm_rounded == 85.19
    assert result.category == ("B", "Baik")


def test_exact_ninths_not_rounded_weights():
    """GASPUL's example: total NRR 32.9311 → exact 91.48; the 0.11 weight would give 90.56."""
    total_nrr = Fraction("32.9311")
    exact = total_nrr / 9 * 25
    assert round2(exact) == 91.48
    assert round2(total_nrr * Fraction("0.11") * 25) == 90.56  # the trap we do not fall in
    # compute_ikm uses the exact mean: nine equal NRRs of 3.5 give exactly 87.5.
    assert compute_ikm([response(*[4] * 9), response(*[3] * 9)]).ikm == Fraction(175, 2)


@pytest.mark.parametrize(
    "ikm, grade",
    [
        (88.31, "A"), (88.30, "B"), (88.305, "A"), (88.304, "B"),
        (76.61, "B"), (76.60, "C"), (65.00, "C"), (64.99, "D"), (100, "A"), (25, "D"),
    ],
)
def test_category_boundaries(ikm, grade):
    assert category(Fraction(str(ikm)))[0] == grade


def test_all_ones_and_all_fours_are_the_range():
    assert compute_ikm([response(*[1] * 9)]).ikm == 25
    assert compute_ikm([response(*[4] * 9)]).ikm == 100


def test_no_responses_no_index():
    result = compute_ikm([])
    assert result.ikm is None and result.as_dict()["ikm"] is None


@pytest.mark.parametrize("bad", [{}, response(*[5] * 9), response(*[0] * 9), {**response(*[4] * 9), "PERSYARATAN": "4"}])
def test_incomplete_or_out_of_range_answers_are_refused(bad):
    with pytest.raises(ValueError):
        compute_ikm([bad])
