"""signal-generation-engine: turns market data, chart patterns and sentiment into trading signals.

Its own piece here is the simplest trend signal, a moving-average crossover, served on
GET /signal?prices=<closing prices, oldest first>. The HTTP side comes from ftmo_service.
"""

from ftmo_service import Service, numbers, run

FAST_WINDOW = 5
SLOW_WINDOW = 20


def moving_average(prices, window, end):
    """Mean of the `window` prices that come before index `end`."""
    return sum(prices[end - window : end]) / window


def crossover_signal(prices, fast=FAST_WINDOW, slow=SLOW_WINDOW):
    """The signal at the last price: buy when the fast average crosses above the slow one,
    sell when it crosses below, hold otherwise. The crossing is between the last two prices,
    so it needs slow + 1 of them."""
    if not 0 < fast < slow:
        raise ValueError(f"the fast window ({fast}) must be shorter than the slow one ({slow})")
    if len(prices) <= slow:
        raise ValueError(f"a crossover needs at least {slow + 1} prices, got {len(prices)}")
    end = len(prices)
    before = moving_average(prices, fast, end - 1) - moving_average(prices, slow, end - 1)
    now = moving_average(prices, fast, end) - moving_average(prices, slow, end)
    if before <= 0 < now:
        return "buy"
    if before >= 0 > now:
        return "sell"
    return "hold"


def signal_route(params):
    return {"signal": crossover_signal(numbers(params, "prices"))}


SERVICE = Service("signal-generation-engine", {"/signal": signal_route})

if __name__ == "__main__":
    run(SERVICE)
