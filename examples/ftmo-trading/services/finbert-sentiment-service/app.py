"""finbert-sentiment-service: scores the sentiment of financial news with FinBERT.

No model can be bundled with this example, so its piece here is stand_in_sentiment: a
deterministic word-list score with FinBERT's three labels, to wire and test the service until
the model replaces it. Served on GET /sentiment?text=<headline>.
"""

import re

from ftmo_service import Service, required, run

POSITIVE_WORDS = frozenset(
    "beat beats gain gains growth profit rally rallies record surge upgrade upgraded".split()
)
NEGATIVE_WORDS = frozenset(
    "cut cuts downgrade downgraded drop falls lawsuit loss losses miss misses warning".split()
)


def stand_in_sentiment(text):
    """NOT FinBERT: counts words of two short lists. polarity = (positive - negative) /
    (positive + negative), from -1 to 1, and the label follows its sign."""
    words = re.findall(r"[a-z]+", text.lower())
    positive = sum(word in POSITIVE_WORDS for word in words)
    negative = sum(word in NEGATIVE_WORDS for word in words)
    polarity = (positive - negative) / max(positive + negative, 1)
    label = "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"
    return {"label": label, "polarity": round(polarity, 4), "model": "stand-in word lists"}


SERVICE = Service(
    "finbert-sentiment-service",
    {"/sentiment": lambda params: stand_in_sentiment(required(params, "text"))},
)

if __name__ == "__main__":
    run(SERVICE)
