"""Tests of query parameter parsing: the messages name the parameter."""

import unittest

from ftmo_service import numbers, required


class RequiredTest(unittest.TestCase):
    def test_returns_the_stripped_value(self):
        self.assertEqual(required({"text": "  DAX up  "}, "text"), "DAX up")

    def test_missing_or_blank_is_an_error_naming_the_parameter(self):
        for params in ({}, {"text": ""}, {"text": "   "}):
            with self.subTest(params=params):
                with self.assertRaisesRegex(ValueError, "'text' is required"):
                    required(params, "text")


class NumbersTest(unittest.TestCase):
    def test_reads_comma_separated_numbers(self):
        self.assertEqual(numbers({"prices": "101.5, 102,-3,4e2"}, "prices"), [101.5, 102, -3, 400])

    def test_refuses_what_is_not_a_list_of_finite_numbers(self):
        cases = {
            "": "'prices' is required",
            "1,,2": "'prices' must be comma-separated numbers",
            "1;2": "'prices' must be comma-separated numbers",
            "1,nan": "'prices' must hold finite numbers",
            "inf": "'prices' must hold finite numbers",
        }
        for text, message in cases.items():
            with self.subTest(prices=text):
                with self.assertRaisesRegex(ValueError, message):
                    numbers({"prices": text}, "prices")
