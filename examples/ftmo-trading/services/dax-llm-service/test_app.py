"""Tests of the stand-in relevance score."""

import unittest

from app import SERVICE, stand_in_relevance


class StandInRelevanceTest(unittest.TestCase):
    def test_scores_the_index_and_the_members_named(self):
        table = {
            "Where will the DAX close today?": (0.5, []),
            "Is SAP or Siemens the better buy?": (0.5, ["SAP", "Siemens"]),
            "DAX outlook after BMW earnings": (0.75, ["BMW"]),
            "dax: basf, bayer, allianz and sap": (1.0, ["Allianz", "BASF", "Bayer", "SAP"]),
            "What is the weather in Paris?": (0.0, []),
        }
        for question, (score, members) in table.items():
            with self.subTest(question=question):
                result = stand_in_relevance(question)
                self.assertEqual((result["relevance"], result["members"]), (score, members))

    def test_a_word_that_only_contains_a_name_does_not_count(self):
        self.assertEqual(stand_in_relevance("sapphire daxter")["relevance"], 0.0)

    def test_route_needs_a_question(self):
        with self.assertRaisesRegex(ValueError, "'question' is required"):
            SERVICE.routes["/relevance"]({"question": " "})
