"""signal-monitoring: follows open signals against the FTMO risk limits.

Its own piece here is summarise_outcomes: from the profit or loss of each closed signal, in
order, the counts, the net result and the deepest drawdown, which is what an FTMO account's
loss limits are measured against. Served on GET /summary?pnl=<results, oldest first>.
"""

from ftmo_service import Service, numbers, run


def summarise_outcomes(pnl):
    """Wins, losses (a break-even counts as neither), win rate, net result and the largest
    fall of the running total from its highest point so far (which starts at 0)."""
    running = peak = drawdown = 0.0
    for result in pnl:
        running += result
        peak = max(peak, running)
        drawdown = max(drawdown, peak - running)
    wins = sum(result > 0 for result in pnl)
    return {
        "signals": len(pnl),
        "wins": wins,
        "losses": sum(result < 0 for result in pnl),
        "win_rate": round(wins / len(pnl), 4) if pnl else None,
        "net": round(running, 2),
        "max_drawdown": round(drawdown, 2),
    }


SERVICE = Service(
    "signal-monitoring",
    {"/summary": lambda params: summarise_outcomes(numbers(params, "pnl"))},
)

if __name__ == "__main__":
    run(SERVICE)
