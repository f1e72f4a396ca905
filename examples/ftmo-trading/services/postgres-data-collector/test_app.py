"""Tests of the OHLCV insert: the SQL text is fixed, the bar's values are parameters."""

import unittest

from app import ohlcv_insert

BAR = {
    "symbol": "SAP.DE",
    "bar_time": "2024-05-02T07:00:00Z",
    "open": 171.2,
    "high": 172.9,
    "low": 170.8,
    "close": 172.5,
    "volume": 130500,
}


class OhlcvInsertTest(unittest.TestCase):
    def test_builds_one_parameterised_insert(self):
        sql, parameters = ohlcv_insert(BAR)
        self.assertEqual(
            sql,
            "INSERT INTO ohlcv_bars (symbol, bar_time, open, high, low, close, volume) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (symbol, bar_time) DO NOTHING",
        )
        self.assertEqual(
            parameters, ("SAP.DE", "2024-05-02T07:00:00Z", 171.2, 172.9, 170.8, 172.5, 130500)
        )

    def test_a_hostile_symbol_stays_a_parameter(self):
        sql, parameters = ohlcv_insert(dict(BAR, symbol="X'); DROP TABLE ohlcv_bars; --"))
        self.assertNotIn("DROP", sql)
        self.assertEqual(parameters[0], "X'); DROP TABLE ohlcv_bars; --")

    def test_refuses_incomplete_or_contradictory_bars(self):
        refusals = [
            (dict(BAR, volume=None, bar_time=""), "lacks bar_time, volume"),
            (dict(BAR, close=173.0), "between low and high"),
            (dict(BAR, open=170.0), "between low and high"),
            (dict(BAR, volume=-1), "volume cannot be negative"),
        ]
        for bar, message in refusals:
            with self.subTest(bar=bar):
                with self.assertRaisesRegex(ValueError, message):
                    ohlcv_insert(bar)
