"""Firm-name normalisation, as SQL expressions applied to whole columns.

- ``name_norm``: half-width, upper-case, no spaces or brackets (``(集团)`` = ``集团``),
  ``有限责任公司`` = ``有限公司``. Two registrations of one firm compare equal.
- ``name_core``: ``name_norm`` without the legal form (股份有限公司, 有限公司, 集团 …)
  and without a leading province/city name: ``重庆宗申动力机械股份有限公司`` ->
  ``宗申动力机械``. Used with a location to match firms whose form changed.
- ``branch_parent``: for ``…公司XX分公司`` the parent's ``name_norm``.
- ``short_norm``: a securities short name without ST markers (``*ST惠程`` -> ``惠程``).

All forms use portable SQL (translate, replace, upper, regexp_replace, regexp_extract).
"""

from __future__ import annotations

__all__ = ["FULL_WIDTH", "HALF_WIDTH", "branch_parent_sql", "name_core_sql", "name_norm_sql",
           "region_prefixes", "short_norm_sql"]

# Full-width ASCII (U+FF01..U+FF5E) and CJK brackets -> half-width.
FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "【】〔〕〖〗「」　"
HALF_WIDTH = "".join(chr(c) for c in range(0x21, 0x7F)) + "()()()()" + " "
assert len(FULL_WIDTH) == len(HALF_WIDTH)

DROP = (" ", "\t", "(", ")", "·", "•", "\u00a0", '"', "'")
LEGAL_FORM = ("(集团)?(股份有限公司|有限公司|股份公司|总公司|集团公司|公司|总厂|厂)$")
BRANCH = "^(.+?公司)(.+)(分公司|分厂|营业部|办事处|经营部)$"


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# translate() is slow per row; it runs only on texts holding a full-width character
FULL_WIDTH_CLASS = "[" + "".join(sorted(set(FULL_WIDTH))).replace("]", "\\]") + "]"
DROP_CLASS = "[" + "".join(DROP) + "]"


def _half_width_sql(column: str) -> str:
    """``translate(column, FULL_WIDTH, HALF_WIDTH)``, skipped where it would change nothing."""
    return (f"CASE WHEN regexp_matches({column}, {_sql_literal(FULL_WIDTH_CLASS)}) "
            f"THEN translate({column}, {_sql_literal(FULL_WIDTH)}, {_sql_literal(HALF_WIDTH)}) "
            f"ELSE {column} END")


def name_norm_sql(column: str) -> str:
    """Normalised name; one regexp_replace drops all of ``DROP`` (the same as a replace()
    per character); the ``'g'`` flag is DuckDB/PostgreSQL syntax."""
    expr = f"upper({_half_width_sql(f'trim({column})')})"
    expr = f"regexp_replace({expr}, {_sql_literal(DROP_CLASS)}, '', 'g')"
    expr = f"replace({expr}, '有限责任公司', '有限公司')"
    return f"nullif({expr}, '')"


def region_prefixes(divisions) -> list[str]:
    """Province and city names (full and without their suffix), longest first."""
    names = set()
    for row in divisions.itertuples():
        if row.level not in ("province", "city"):
            continue
        names.add(row.name)
        short = _strip_suffix(row.name)
        if len(short) >= 2:
            names.add(short)
    return sorted(names, key=lambda n: (-len(n), n))


def _strip_suffix(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州",
                   "地区", "省", "市", "盟"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def name_core_sql(norm_column: str, prefixes: list[str]) -> str:
    """``norm_column`` (already normalised) without legal form and leading region name."""
    core = f"regexp_replace({norm_column}, {_sql_literal(LEGAL_FORM)}, '')"
    if prefixes:
        pattern = "^(" + "|".join(prefixes) + ")"
        core = f"regexp_replace({core}, {_sql_literal(pattern)}, '')"
    return f"nullif({core}, '')"


def branch_parent_sql(norm_column: str) -> str:
    """The parent firm's normalised name for a branch (分公司, 分厂 …), else NULL."""
    return f"nullif(regexp_extract({norm_column}, {_sql_literal(BRANCH)}, 1), '')"


def short_norm_sql(column: str) -> str:
    base = name_norm_sql(column)
    expr = f"regexp_replace({base}, '^(S\\*ST|SST|\\*ST|ST)', '')"
    return f"nullif(regexp_replace({expr}, '([^A-Z0-9])[AB]$', '\\1'), '')"
