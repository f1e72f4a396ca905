"""Reading a route's query parameters. A ValueError raised here becomes a 400 response whose
error names the parameter, so a caller learns what to fix."""

import math


def required(params, name):
    """The parameter's value, stripped; an error when it is missing or blank."""
    value = params.get(name, "").strip()
    if not value:
        raise ValueError(f"query parameter {name!r} is required")
    return value


def numbers(params, name):
    """A comma-separated list of finite numbers, such as prices=101.5,102,101.8."""
    items = required(params, name).split(",")
    try:
        values = [float(item) for item in items]
    except ValueError:
        raise ValueError(f"query parameter {name!r} must be comma-separated numbers") from None
    if not all(math.isfinite(value) for value in values):
        raise ValueError(f"query parameter {name!r} must hold finite numbers")
    return values
