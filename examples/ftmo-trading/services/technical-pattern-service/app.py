"""technical-pattern-service: detects technical chart patterns in DAX price series.

Its own piece here is the plainest trend pattern, higher highs (and, mirrored, lower lows),
served on GET /patterns?highs=...&lows=... (bar highs and lows, oldest first).
"""

from ftmo_service import Service, numbers, run

BARS = 3


def higher_highs(highs, bars=BARS):
    """True when each of the last `bars` highs is above the one before it."""
    if bars < 1:
        raise ValueError("the pattern needs at least one bar")
    if len(highs) <= bars:
        raise ValueError(f"{bars} higher highs need {bars + 1} values, got {len(highs)}")
    recent = highs[-(bars + 1) :]
    return all(later > earlier for earlier, later in zip(recent, recent[1:]))


def lower_lows(lows, bars=BARS):
    """True when each of the last `bars` lows is below the one before it: the mirror image."""
    return higher_highs([-low for low in lows], bars)


def patterns_route(params):
    found = {"higher_highs": higher_highs(numbers(params, "highs"))}
    if "lows" in params:
        found["lower_lows"] = lower_lows(numbers(params, "lows"))
    return found


SERVICE = Service("technical-pattern-service", {"/patterns": patterns_route})

if __name__ == "__main__":
    run(SERVICE)
