"""Tests of headline normalisation."""

import unittest

from app import SERVICE, normalise_headline

RECORD = {
    "title": "  SAP   beats\n estimates ",
    "source": " Reuters ",
    "published": "2024-05-02T07:30:00+02:00",
    "tickers": "sap.de, SAP.DE ,ads.de,",
}


class NormaliseHeadlineTest(unittest.TestCase):
    def test_makes_one_shape_of_any_record(self):
        self.assertEqual(
            normalise_headline(RECORD),
            {
                "title": "SAP beats estimates",
                "source": "reuters",
                "published": "2024-05-02T05:30:00Z",
                "tickers": ["ADS.DE", "SAP.DE"],
            },
        )

    def test_source_and_tickers_are_optional(self):
        result = normalise_headline({"title": "DAX opens flat", "published": "2024-05-02T07:00Z"})
        self.assertEqual((result["source"], result["tickers"]), ("unknown", []))
        self.assertEqual(result["published"], "2024-05-02T07:00:00Z")

    def test_refuses_records_it_cannot_place(self):
        refusals = [
            ({"title": " \n", "published": "2024-05-02T07:00Z"}, "needs a title"),
            ({"title": "x"}, "'published' is required"),
            ({"title": "x", "published": "yesterday"}, "not an ISO 8601 time: 'yesterday'"),
            ({"title": "x", "published": "2024-05-02T07:00:00"}, "needs a UTC offset"),
        ]
        for record, message in refusals:
            with self.subTest(record=record):
                with self.assertRaisesRegex(ValueError, message):
                    normalise_headline(record)

    def test_route_takes_the_record_from_the_query(self):
        self.assertEqual(SERVICE.routes["/normalise"](RECORD)["source"], "reuters")
