"""Tests of the higher-highs and lower-lows patterns."""

import unittest

import app


class TrendPatternTest(unittest.TestCase):
    def test_higher_highs_looks_at_the_last_bars_only(self):
        self.assertTrue(app.higher_highs([200, 100, 101, 102, 103]))
        self.assertFalse(app.higher_highs([100, 101, 101, 102]), "an equal high breaks the run")
        self.assertFalse(app.higher_highs([100, 103, 102, 104]))
        self.assertTrue(app.higher_highs([5, 4, 6], bars=1))

    def test_lower_lows_mirror_higher_highs(self):
        self.assertTrue(app.lower_lows([90, 89.5, 88, 87]))
        self.assertFalse(app.lower_lows([90, 89, 89.5, 88]))

    def test_too_short_a_series_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "3 higher highs need 4 values, got 3"):
            app.higher_highs([1, 2, 3])

    def test_route_reports_the_lows_only_when_given(self):
        route = app.SERVICE.routes["/patterns"]
        self.assertEqual(route({"highs": "1,2,3,4"}), {"higher_highs": True})
        self.assertEqual(
            route({"highs": "4,3,2,1", "lows": "4,3,2,1"}),
            {"higher_highs": False, "lower_lows": True},
        )
