"""Tests of the outcome summary."""

import unittest

import app


class SummariseOutcomesTest(unittest.TestCase):
    def test_counts_net_and_drawdown(self):
        # running total 100, 50, -30, -30, 10: highest 100, lowest after it -30
        self.assertEqual(
            app.summarise_outcomes([100, -50, -80, 0, 40]),
            {
                "signals": 5,
                "wins": 2,
                "losses": 2,
                "win_rate": 0.4,
                "net": 10.0,
                "max_drawdown": 130.0,
            },
        )

    def test_a_loss_first_is_a_drawdown_from_zero(self):
        summary = app.summarise_outcomes([-25.5, 10, 10])
        self.assertEqual((summary["max_drawdown"], summary["net"]), (25.5, -5.5))

    def test_no_signals_yet(self):
        summary = app.summarise_outcomes([])
        self.assertEqual((summary["signals"], summary["win_rate"]), (0, None))

    def test_route_reads_the_results_from_the_query(self):
        body = app.SERVICE.routes["/summary"]({"pnl": "20,-10,30"})
        self.assertEqual((body["win_rate"], body["net"]), (0.6667, 40.0))
