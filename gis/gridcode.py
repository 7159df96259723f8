"""Grid codes after the unit-grid scheme of the digital city-management standard.

CJ/T 213 / GB/T 30428 code a unit grid (单元网格) as

    AAAAAA TTT CC SSS   (14 digits)

AAAAAA  county-level administrative division code (GB/T 2260), e.g. 310118 Qingpu district
TTT     street/town code (GB/T 10114: 001-099 street, 100-199 town, 200-399 township)
CC      community (village / residential committee) sequence within the town, 01-99
SSS     unit-grid sequence within the community

GridDesk's management grids (管理网格) are the unit grids. The standard has no level above
the unit grid, so responsibility grids (责任网格) use the same 14 digits with the sequence
`R00` (R = 1-9, the responsibility grid's number inside its community) and each management
grid inside it is numbered `R01`..`R99`. The parent of a management grid is therefore
visible in its code: the first 12 digits are shared and the parent's last two are "00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE_RE = re.compile(r"^\d{14}$")

# GB/T 2260 province prefixes in use (11 Beijing ... 82 Macao)
_PROVINCES = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
}


class GridCodeError(ValueError):
    """A grid code that breaks the scheme; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class GridCode:
    county: str
    town: str
    community: str
    sequence: str

    @property
    def is_responsibility(self) -> bool:
        return self.sequence.endswith("00")

    @property
    def responsibility_number(self) -> int:
        return int(self.sequence[0])

    @property
    def parent_code(self) -> str | None:
        """The responsibility grid code a management grid belongs to."""
        if self.is_responsibility:
            return None
        return f"{self.county}{self.town}{self.community}{self.sequence[0]}00"

    def __str__(self) -> str:
        return f"{self.county}{self.town}{self.community}{self.sequence}"


def parse_grid_code(code: str) -> GridCode:
    """Parse and validate a 14-digit grid code, raising GridCodeError with the reason."""
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise GridCodeError(f"grid code must be 14 digits, got {code!r}")
    county, town, community, seq = code[:6], code[6:9], code[9:11], code[11:]
    if int(county[:2]) not in _PROVINCES:
        raise GridCodeError(f"{code}: unknown province prefix {county[:2]}")
    if county[2:4] == "00" or county[4:] == "00":
        raise GridCodeError(f"{code}: {county} is not a county-level division code")
    if not 1 <= int(town) <= 599:
        raise GridCodeError(f"{code}: street/town code {town} is outside 001-599")
    if community == "00":
        raise GridCodeError(f"{code}: community sequence must be 01-99")
    if seq[0] == "0":
        raise GridCodeError(f"{code}: responsibility grid number must be 1-9, got 0")
    return GridCode(county, town, community, seq)


def make_responsibility_code(county: str, town: str, community: int, number: int) -> str:
    code = f"{county}{town}{community:02d}{number:d}00"
    parse_grid_code(code)
    return code


def make_management_code(responsibility_code: str, sequence: int) -> str:
    parent = parse_grid_code(responsibility_code)
    if not parent.is_responsibility:
        raise GridCodeError(f"{responsibility_code} is not a responsibility grid code")
    if not 1 <= sequence <= 99:
        raise GridCodeError(f"management grid sequence {sequence} is outside 1-99")
    return f"{responsibility_code[:12]}{sequence:02d}"


def validate_management_code(code: str, parent_code: str) -> None:
    """A management grid code must be a non-responsibility code under its parent."""
    parsed = parse_grid_code(code)
    if parsed.is_responsibility:
        raise GridCodeError(f"{code} ends in 00, which marks a responsibility grid")
    if parsed.parent_code != parent_code:
        raise GridCodeError(f"{code} does not belong to responsibility grid {parent_code}")
