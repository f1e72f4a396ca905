"""dax-llm-service: answers DAX market questions with a language model.

No model can be bundled with this example, so its piece here is stand_in_relevance: a
deterministic score of how much a question is about the DAX (the index, or companies in it),
the check that decides whether a question goes to the model at all. Served on
GET /relevance?question=...
"""

import re

from ftmo_service import Service, required, run

# A few DAX members by the word that names them in a question, and how to write them.
DAX_MEMBERS = {
    "adidas": "adidas",
    "allianz": "Allianz",
    "basf": "BASF",
    "bayer": "Bayer",
    "bmw": "BMW",
    "infineon": "Infineon",
    "mercedes": "Mercedes-Benz",
    "sap": "SAP",
    "siemens": "Siemens",
    "telekom": "Deutsche Telekom",
}


def stand_in_relevance(question):
    """NOT the model: 0.5 for naming the index, 0.25 for each member named, at most 1."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    members = sorted(DAX_MEMBERS[word] for word in words & DAX_MEMBERS.keys())
    score = min(1.0, 0.5 * ("dax" in words) + 0.25 * len(members))
    return {"relevance": score, "members": members, "model": "stand-in keyword match"}


SERVICE = Service(
    "dax-llm-service",
    {"/relevance": lambda params: stand_in_relevance(required(params, "question"))},
)

if __name__ == "__main__":
    run(SERVICE)
