"""postgres-data-collector: collects DAX market data into PostgreSQL.

Its own piece here is ohlcv_insert, which checks one OHLCV bar and builds the parameterised
INSERT that stores it: the values travel as parameters, never inside the SQL text. The
service serves only GET /health; it writes to the database and answers no queries.
"""

from ftmo_service import Service, run

TABLE = "ohlcv_bars"
COLUMNS = ("symbol", "bar_time", "open", "high", "low", "close", "volume")
# One row per symbol and bar: a re-run after a failed fetch inserts nothing twice.
INSERT_SQL = (
    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
    "ON CONFLICT (symbol, bar_time) DO NOTHING"
)


def ohlcv_insert(bar):
    """(sql, parameters) for a bar given as a mapping with the COLUMNS as keys, in the
    psycopg parameter style. A bar whose prices contradict each other is refused."""
    absent = [column for column in COLUMNS if bar.get(column) in (None, "")]
    if absent:
        raise ValueError(f"the bar lacks {', '.join(absent)}")
    low, high = bar["low"], bar["high"]
    if not low <= min(bar["open"], bar["close"]) <= max(bar["open"], bar["close"]) <= high:
        raise ValueError(f"{bar['symbol']}: open and close must lie between low and high")
    if bar["volume"] < 0:
        raise ValueError(f"{bar['symbol']}: volume cannot be negative")
    return INSERT_SQL, tuple(bar[column] for column in COLUMNS)


SERVICE = Service("postgres-data-collector")

if __name__ == "__main__":
    run(SERVICE)
