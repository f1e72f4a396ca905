"""Tests of the stand-in classifier's probabilities."""

import unittest

import app


class StandInClassProbabilitiesTest(unittest.TestCase):
    def test_smoothed_shares_of_the_terms(self):
        # buy, breakout, support: 3 bullish -> (3+1, 0+1, 1) / 6
        self.assertEqual(
            app.stand_in_class_probabilities("Buy the breakout above support, stop 18,900."),
            {"bullish": 0.6667, "bearish": 0.1667, "neutral": 0.1667},
        )
        # short, resistance: 2 bearish, long: 1 bullish -> (1+1, 2+1, 1) / 6
        self.assertEqual(
            app.stand_in_class_probabilities("SHORT at resistance; close the long"),
            {"bullish": 0.3333, "bearish": 0.5, "neutral": 0.1667},
        )

    def test_text_without_terms_is_a_three_way_split(self):
        self.assertEqual(
            set(app.stand_in_class_probabilities("DAX closes at 18,950").values()), {0.3333}
        )

    def test_route_names_the_stand_in(self):
        body = app.SERVICE.routes["/classify"]({"text": "sell the breakdown"})
        self.assertEqual(body["model"], "stand-in keyword count")
        self.assertEqual(body["probabilities"]["bearish"], 0.6)
