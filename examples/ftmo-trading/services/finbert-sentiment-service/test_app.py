"""Tests of the stand-in sentiment score (the model's replacement must keep the labels)."""

import unittest

from app import SERVICE, stand_in_sentiment


class StandInSentimentTest(unittest.TestCase):
    def test_labels_and_polarity_from_the_word_counts(self):
        # rallies, beats: 2 positive
        self.assertEqual(
            stand_in_sentiment("DAX rallies as SAP beats estimates"),
            {"label": "positive", "polarity": 1.0, "model": "stand-in word lists"},
        )
        # profit, record: 2 positive; warning, cuts, loss: 3 negative -> (2 - 3) / 5
        result = stand_in_sentiment("Profit warning: Bayer cuts outlook after record LOSS")
        self.assertEqual((result["label"], result["polarity"]), ("negative", -0.2))

    def test_no_listed_word_or_a_tie_is_neutral(self):
        for text in ("Siemens holds its annual meeting", "Gains offset by losses"):
            with self.subTest(text=text):
                self.assertEqual(stand_in_sentiment(text)["label"], "neutral")
                self.assertEqual(stand_in_sentiment(text)["polarity"], 0.0)

    def test_route_requires_text(self):
        route = SERVICE.routes["/sentiment"]
        self.assertEqual(route({"text": "Upgrade for Allianz"})["label"], "positive")
        with self.assertRaisesRegex(ValueError, "'text' is required"):
            route({})
