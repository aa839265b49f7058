"""统一社会信用代码 (unified social credit code) and its GB 32100-2015 check character.

A code is 18 characters from the 31-character set below (no I, O, Z, S, V);
the 18th is a check character over the first 17 with weights 3**i mod 31.
``uscc_clean_sql`` and ``uscc_valid_sql`` are the set-based forms used on whole
tables; ``check_character`` and ``is_valid_uscc`` are the same rule in Python.
"""

from __future__ import annotations

__all__ = ["CHARSET", "WEIGHTS", "check_character", "is_valid_uscc", "uscc_clean_sql",
           "uscc_valid_sql"]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, …
FULL_WIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"


def check_character(body: str) -> str:
    """The check character for a 17-character body (every character from CHARSET)."""
    if len(body) != 17 or any(ch not in CHARSET for ch in body):
        raise ValueError(f"not a 17-character code body: {body!r}")
    total = sum(CHARSET.index(ch) * w for ch, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str | None) -> bool:
    if not isinstance(code, str) or len(code) != 18 or any(ch not in CHARSET for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def uscc_clean_sql(column: str) -> str:
    """Upper-case, half-width, without spaces or hyphens; NULL when nothing is left."""
    trimmed = f"trim({column})"
    # translate() is slow per row: only where a full-width character is present
    half = (f"CASE WHEN regexp_matches({trimmed}, '[{FULL_WIDTH}]') "
            f"THEN translate({trimmed}, '{FULL_WIDTH}', '{CHARSET}') ELSE {trimmed} END")
    text = f"replace(replace(replace(upper({half}), ' ', ''), '-', ''), '　', '')"
    return f"nullif({text}, '')"


def uscc_valid_sql(column: str) -> str:
    """TRUE when ``column`` (already cleaned) is a valid code (position, substr; the shape
    test is one ``regexp_matches``, DuckDB's spelling of PostgreSQL's ``~``); the weighted
    sum is only computed for codes of the right shape."""
    terms = " + ".join(
        f"(position(substr({column}, {i + 1}, 1) IN '{CHARSET}') - 1) * {w}"
        for i, w in enumerate(WEIGHTS))
    return (f"(coalesce(CASE WHEN regexp_matches({column}, '^[{CHARSET}]{{18}}$') THEN "
            f"substr('{CHARSET}', (31 - ({terms}) % 31) % 31 + 1, 1) = substr({column}, 18, 1) "
            "ELSE FALSE END, FALSE))")
