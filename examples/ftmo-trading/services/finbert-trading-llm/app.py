"""finbert-trading-llm: scores trading signals with a FinBERT model fine-tuned on trading text.

No model can be bundled with this example, so its piece here is stand_in_class_probabilities:
a deterministic keyword count shaped like the classifier's output (a probability for each of
bullish, bearish and neutral), until the model replaces it. Served on GET /classify?text=...
"""

import re

from ftmo_service import Service, required, run

BULLISH_TERMS = {"long", "buy", "breakout", "bullish", "support", "bounce", "uptrend"}
BEARISH_TERMS = {"short", "sell", "breakdown", "bearish", "resistance", "reversal", "downtrend"}


def stand_in_class_probabilities(text):
    """NOT the model: add-one smoothed shares of bullish and bearish terms in the text, with
    neutral as the third class. No term at all gives a third to each class."""
    terms = re.findall(r"[a-z]+", text.lower())
    counts = {
        "bullish": 1 + sum(term in BULLISH_TERMS for term in terms),
        "bearish": 1 + sum(term in BEARISH_TERMS for term in terms),
        "neutral": 1,
    }
    total = sum(counts.values())
    return {label: round(count / total, 4) for label, count in counts.items()}


def classify_route(params):
    probabilities = stand_in_class_probabilities(required(params, "text"))
    return {"probabilities": probabilities, "model": "stand-in keyword count"}


SERVICE = Service("finbert-trading-llm", {"/classify": classify_route})

if __name__ == "__main__":
    run(SERVICE)
