"""How a KPI tile words its change against the previous period."""

import pytest
from django.utils import translation

from analytics.views import _tiles


def _tile(key, now, before):
    return {t["key"]: t for t in _tiles({key: now}, {key: before})}[key]


@pytest.mark.parametrize(
    ("now", "before"),
    [(0.150, 0.153), (0.153, 0.150), (0.5, 0.5), (0.0, 0.0)],
)
def test_a_percentage_change_that_rounds_to_zero_is_a_neutral_zero(now, before):
    tile = _tile("searches_without_results_rate", now, before)
    assert tile["change"] == "0 pt"
    assert tile["direction"] == "flat"


def test_a_change_that_rounds_to_zero_is_neutral_in_dutch_too():
    with translation.override("nl"):
        tile = _tile("searches_without_results_rate", 0.150, 0.153)
    assert tile["direction"] == "flat"
    assert "-" not in tile["change"] and "\u2212" not in tile["change"] and tile["change"].startswith("0 ")


@pytest.mark.parametrize(
    ("key", "now", "before", "change", "direction"),
    [
        ("searches_without_results_rate", 0.10, 0.15, "\u22125 pt", "good"),  # fewer searches fail
        ("deflection_rate", 0.60, 0.57, "+3 pt", "good"),
        ("solution_rate", 0.43, 0.45, "\u22122 pt", "bad"),
        ("ticket_first_response_hours", 2.8, 4.5, "\u22121.7", "good"),
        ("ticket_first_response_hours", 4.52, 4.5, "0", "flat"),
        ("self_service_score", 16.6, 16.1, "+0.5", "good"),
        ("tickets", 218, 210, "+8", "bad"),
        ("tickets", 210, 210, "0", "flat"),
        ("deflections", 1343, 286, "+1,057", "good"),
    ],
)
def test_changes_are_signed_after_rounding(key, now, before, change, direction):
    tile = _tile(key, now, before)
    assert (tile["change"], tile["direction"]) == (change, direction)
