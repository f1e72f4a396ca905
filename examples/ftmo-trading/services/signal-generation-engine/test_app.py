"""Tests of the crossover signal (windows of 2 and 3 keep the arithmetic checkable by hand)."""

import unittest

from app import SERVICE, crossover_signal


class CrossoverSignalTest(unittest.TestCase):
    def test_signals_by_where_the_fast_average_crosses(self):
        cases = [
            # last step: fast 10 -> 11.5, slow 10 -> 11: crosses above
            ([10, 10, 10, 13], "buy"),
            # fast 10 -> 8.5, slow 10 -> 9: crosses below
            ([10, 10, 10, 7], "sell"),
            # fast 11.5 -> 12.5, slow 11 -> 12: above before and after
            ([10, 11, 12, 13], "hold"),
            # flat: the averages touch and stay together
            ([10, 10, 10, 10], "hold"),
        ]
        for prices, expected in cases:
            with self.subTest(prices=prices):
                self.assertEqual(crossover_signal(prices, fast=2, slow=3), expected)

    def test_needs_one_price_more_than_the_slow_window(self):
        with self.assertRaisesRegex(ValueError, "needs at least 4 prices, got 3"):
            crossover_signal([10, 11, 12], fast=2, slow=3)

    def test_the_fast_window_must_be_the_shorter(self):
        with self.assertRaisesRegex(ValueError, "must be shorter"):
            crossover_signal([1] * 10, fast=3, slow=3)

    def test_route_uses_the_5_and_20_price_windows(self):
        # 20 flat prices then a jump: fast 10 -> 10.6, slow 10 -> 10.15.
        prices = ",".join(["10"] * 20 + ["13"])
        self.assertEqual(SERVICE.routes["/signal"]({"prices": prices}), {"signal": "buy"})
