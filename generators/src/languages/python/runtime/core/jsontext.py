# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""JSON text as JavaScript's ``JSON.stringify`` writes it, so every language sends and writes the same bytes.

Request bodies (:mod:`.bodies`) and downloaded JSON Lines (``canonical``) use it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

__all__ = ["format_float", "json_text"]


def format_float(value: float) -> str:
    """A float as ECMAScript's ``Number::toString`` writes it.

    The digits are Python's shortest round-trip ones (those of ``repr``), laid
    out by ECMAScript's rules: plain notation for 1e-7 <= |x| < 1e21, else
    ``d[.ddd]e±n``.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"  # -0 too, as ECMAScript writes it
    mantissa, _, exponent = repr(abs(value)).partition("e")  # "1.5", "1e-07", "1.2345e+21"
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction
    significant = all_digits.lstrip("0")
    # ECMAScript's n: the value is 0.<digits> x 10**n.
    n = len(whole) + (int(exponent) if exponent else 0) - (len(all_digits) - len(significant))
    digits = significant.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        text = f"0.{'0' * -n}{digits}"
    else:
        e = n - 1
        text = f"{digits[0]}{'.' + digits[1:] if k > 1 else ''}e{'+' if e >= 0 else '-'}{abs(e)}"
    return f"-{text}" if value < 0 else text


def json_text(value: object) -> str:
    """JSON as JavaScript's ``JSON.stringify`` writes it: no spaces, UTF-8 as is, floats the ECMAScript way."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    raise TypeError(f"no JSON form for {type(value).__name__}")
