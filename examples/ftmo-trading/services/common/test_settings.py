"""Tests of the settings: missing names, the port, and secrets kept out of every repr."""

import unittest

from ftmo_service import Settings

COMPLETE = {
    "POSTGRES_HOST": "postgres-service",
    "POSTGRES_PORT": "5432",
    "POSTGRES_DB": "finrl_dax",
    "POSTGRES_USER": "finrl_user",
    "POSTGRES_PASSWORD": "pg-s3cret",
    "FMP_KEY": "fmp-s3cret",
}


class SettingsTest(unittest.TestCase):
    def test_lists_missing_database_settings_by_name_in_order(self):
        settings = Settings.from_environ({"POSTGRES_HOST": "db", "POSTGRES_PASSWORD": "x"})
        self.assertEqual(settings.missing(), ["POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER"])

    def test_an_empty_value_counts_as_missing(self):
        settings = Settings.from_environ(dict(COMPLETE, POSTGRES_DB=""))
        self.assertEqual(settings.missing(), ["POSTGRES_DB"])

    def test_complete_settings_leave_nothing_missing(self):
        self.assertEqual(Settings.from_environ(COMPLETE).missing(), [])

    def test_api_keys_are_optional(self):
        settings = Settings.from_environ(COMPLETE)
        self.assertEqual(settings.missing(), [])
        self.assertIsNone(settings.get("ALPHA_VANTAGE_KEY"))
        self.assertEqual(settings.get("FMP_KEY"), "fmp-s3cret")

    def test_repr_names_secrets_without_their_values(self):
        text = repr(Settings.from_environ(COMPLETE))
        self.assertNotIn("pg-s3cret", text)
        self.assertNotIn("fmp-s3cret", text)
        self.assertIn("POSTGRES_PASSWORD=<set>", text)
        self.assertIn("FMP_KEY=<set>", text)
        self.assertIn("ALPHA_VANTAGE_KEY=<missing>", text)
        self.assertIn("POSTGRES_HOST='postgres-service'", text)
        self.assertEqual(str(Settings.from_environ(COMPLETE)), text)

    def test_reads_only_the_settings_it_knows(self):
        settings = Settings.from_environ({"HOME": "/root", "POSTGRES_HOST": "db"})
        self.assertIsNone(settings.get("HOME"))
        self.assertNotIn("HOME", repr(settings))


class PortTest(unittest.TestCase):
    def test_defaults_to_8000(self):
        self.assertEqual(Settings.from_environ({}).port, 8000)

    def test_takes_port_from_the_environment(self):
        self.assertEqual(Settings.from_environ({"PORT": "9090"}).port, 9090)
        self.assertEqual(Settings.from_environ({"PORT": "0"}).port, 0)

    def test_refuses_a_port_that_is_not_one(self):
        for text in ("http", "-1", "65536", "80.0"):
            with self.subTest(port=text):
                with self.assertRaisesRegex(ValueError, "PORT must be a number from 0 to 65535"):
                    Settings.from_environ({"PORT": text})
