"""news-ingestion-service: fetches financial news for the sentiment models.

Its own piece here is normalise_headline, which turns a headline record from any feed into
the one shape the models read. GET /normalise?title=...&source=...&published=...&tickers=...
shows what it makes of a record.
"""

from datetime import datetime, timezone

from ftmo_service import Service, required, run


def normalise_headline(record):
    """Title with its whitespace collapsed, source in lower case, the publication time in UTC
    (it must carry an offset: a bare local time is ambiguous), tickers upper case, unique and
    sorted."""
    title = " ".join(record.get("title", "").split())
    if not title:
        raise ValueError("a headline needs a title")
    text = required(record, "published")
    try:
        published = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"published is not an ISO 8601 time: {text!r}") from None
    if published.utcoffset() is None:
        raise ValueError("published needs a UTC offset, such as +01:00 or Z")
    tickers = {ticker.strip().upper() for ticker in record.get("tickers", "").split(",")}
    return {
        "title": title,
        "source": record.get("source", "").strip().lower() or "unknown",
        "published": published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tickers": sorted(tickers - {""}),
    }


SERVICE = Service("news-ingestion-service", {"/normalise": normalise_headline})

if __name__ == "__main__":
    run(SERVICE)
