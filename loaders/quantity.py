"""Outcome quantities: the number as printed, and normalised (6635万元 → 66350000 CNY).

万 multiplies by 10⁴ and 亿 by 10⁸; 余/多 ("more than") are dropped from the unit;
元 becomes ``CNY`` (a ``schema:MonetaryAmount``) and % becomes ``P1`` (UN/CEFACT percent).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_APPROX = ("余", "多")


@dataclass(frozen=True)
class Quantity:
    """One outcome's figures, ready for RDF."""

    printed_value: Decimal
    unit_text: str
    value: Decimal
    unit_code: str
    surface: str

    @property
    def monetary(self) -> bool:
        """Money is a ``schema:MonetaryAmount`` with ``schema:currency "CNY"``."""
        return self.unit_code == "CNY"


def decimal_text(value: Decimal) -> str:
    """Plain xsd:decimal lexical form: 21000, 2.1, 0.5 (never exponent notation)."""
    text = format(value.normalize(), "f")
    return text


def _printed_number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def normalise(value: object, unit: str | None, span: str) -> Quantity | None:
    """The quantity of a metric (``value``, ``unit`` as in the extraction; ``span`` its name)."""
    printed = _printed_number(value)
    if printed is None:
        return None
    unit_text = (unit or "").strip()
    rest = "".join(ch for ch in unit_text if ch not in _APPROX)
    factor = Decimal(1)
    while rest[:1] in MULTIPLIERS:
        factor *= MULTIPLIERS[rest[0]]
        rest = rest[1:]
    if rest in {"元", "人民币"}:
        code = "CNY"
    elif rest in {"%", "％"}:
        code = "P1"
    else:
        code = rest
    return Quantity(printed, unit_text, printed * factor, code, surface_form(printed, unit_text, span))


def surface_form(printed: Decimal, unit_text: str, span: str) -> str:
    """Number and unit exactly as the span prints them (2.1万余处), else number + unit."""
    number = decimal_text(printed)
    approx = "[余多]?"
    pattern = re.escape(number) + approx + approx.join(re.escape(ch) for ch in unit_text)
    match = re.search(pattern, span.replace(",", ""))
    return match.group(0) if match else number + unit_text
