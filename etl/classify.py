"""Chain-node classification of firms from imported evidence, in SQL.

Evidence (``cls_text``: firm_id, source_id, field, text, weight):
- ``product``: a main product (knowledge graph, with its revenue weight; 主营产品);
- ``name``: the registered name (重庆齿轮箱有限责任公司 states its product);
- ``scope``: 经营范围 (broad and boilerplate-heavy: never enough on its own).

A node keyword found in the text makes a candidate. Its confidence:

    base   product 0.50, name 0.45, scope 0.25
    + 0.10 keyword of 4+ characters, + 0.05 of 3; - 0.05 if the keyword belongs to several nodes
    + 0.10 product weight >= 30 %, - 0.10 weight < 10 %, - 0.20 weight < 5 % (a side line)
    - 0.25 the keyword only modifies the product (商用车座椅, 柴油发动机配件)
    + 0.20 the firm's GB/T 4754 class is one of the node's, + 0.10 same group (3 digits)
    + 0.10 a Shenwan industry mapped to the node's chain, + 0.05 a Tushare industry (weak)
    capped at 0.85 (below the plan's own pairings); kept when >= 0.40.

Without any chain corroboration (code or industry), a candidate is kept only from a
product or name, with a keyword of 3+ characters that names the product itself (not a
modifier) and is not on the generic list
(``data/reference/generic_keywords.csv``: 智能控制, 铸件, 连接器 … words many
industries use), from a product that is not a side line. Where a text holds a keyword
inside a longer one of another node (齿轮箱 in 风电齿轮箱), only the longer counts.

Chain membership (``firm_chain``) follows from the nodes, from a Shenwan industry
mapped to a chain, and from a GB/T class whose nodes all lie in one chain; a Tushare
industry alone never places a firm.
"""

from __future__ import annotations

__all__ = ["CLS_TEXT_SQL", "MIN_CONFIDENCE", "ON_CHAIN", "REVIEW_MIN", "TEXT_KEYWORDS_SQL",
           "chain_score_sql", "chain_sql", "cls_text_sql", "node_sql"]

MIN_CONFIDENCE = 0.4
ON_CHAIN = 0.5      # a firm x chain score from here places the firm on the chain
REVIEW_MIN = 0.3    # from here up to ON_CHAIN it goes to the review list instead
MAX_ITEM = 0.95     # no single rule item is certain
KIND_MIN = 0.3      # an item this strong counts as a kind of evidence for a second chain

# The texts classified (``cls_text``): products (with their revenue weight), a registry's
# product and scope columns, and the names a source gives a firm (its registered name, and
# former names of firms a source lists).
CLS_TEXT = """
SELECT firm_id, source_id, 'product' AS field, product AS text, weight FROM firm_product
WHERE {only}
UNION ALL
SELECT firm_id, source_id, 'product', products, CAST(NULL AS DOUBLE) FROM firm_registration
WHERE products IS NOT NULL AND {only}
UNION ALL
SELECT firm_id, source_id, 'scope', scope, CAST(NULL AS DOUBLE) FROM firm_registration
WHERE scope IS NOT NULL AND {only}
UNION ALL
SELECT firm_id, source_id, 'name', full_name, CAST(NULL AS DOUBLE) FROM firm_name
WHERE (method = 'imported_file'
       OR (method = 'web_page' AND firm_id IN (SELECT firm_id FROM firm_source))) AND {only}"""
CLS_TEXT_SQL = CLS_TEXT.format(only="true")


def cls_text_sql(only: str) -> str:
    """CLS_TEXT_SQL's texts of some firms (``only``: SQL of their ids; a resumed build's)."""
    return CLS_TEXT.format(only=f"firm_id IN ({only})")
SNIPPET = "substr(text, greatest(position(keyword IN text) - 8, 1), length(keyword) + 16)"
# Chinese compounds are head-final: in 商用车座椅 the product is 座椅 and 商用车 only says
# what it is for. A keyword followed by more than generic heads (系统, 设备, 总成 …) or a
# legal form is a modifier and counts less.
GENERIC_HEADS = ("系列|类|业务|产品|总成|设备|装置|系统|机组|成套|整机|集团|股份|有限|责任|公司|"
                 "科技|技术|实业|工业|控股|的|研发|研制|制造|生产|销售|加工|维修|安装|服务|开发|"
                 "设计|[0-9A-Za-z]")
AFTER = "substr(s.text, position(s.keyword IN s.text) + length(s.keyword))"
MODIFIER = (f"regexp_replace({AFTER}, '^({GENERIC_HEADS})*', '') <> '' AND "
            f"regexp_extract(regexp_replace({AFTER}, '^({GENERIC_HEADS})*', ''), "
            "'^[及和与、,，/;；(（。:：]', 0) = ''")
MAX_CONFIDENCE = 0.85

# A keyword is found in a text without a nested loop (texts x keywords): the distinct texts
# are cut into phrases at punctuation (经营范围 is a list of a few thousand recurring
# phrases), each distinct phrase's character pairs are equi-joined to the keywords' first
# two characters and each (phrase, keyword) candidate once checked with position(). The
# pairs carry the phrase's number, not the phrase: a phrase of n characters costs O(n) rows
# of a pair each, not n copies of itself (a 30,000-character name without punctuation
# took 2 GB). A keyword never spans punctuation, so this
# finds exactly the (text, keyword) pairs of position(keyword IN text) > 0. Keywords
# holding punctuation or shorter than two characters (none today) keep the plain search.
SEP = "[；;，,。：:、（）()]"


# ``TEXT_KEYWORDS_SQL`` -> the table ``cls_text_kw`` (text, keyword): every (text of
# ``cls_text``, keyword a rule looks for: node keywords and chain words) pair with the keyword
# in the text, found once for the node rules (``node_sql``) and the chain score
# (``chain_score_sql``), which both read that table.
KEYWORDS = ("SELECT keyword FROM chain_node_keyword UNION "
            "SELECT keyword FROM ref_chain_term")
TEXT_KEYWORDS_SQL = f"""
WITH kw AS ({KEYWORDS}),
texts AS (  -- each distinct text once, by a number: grouping (text, phrase) pairs of long
            -- scope texts made a hash table that spilled (7.6 s of 9 at 1M firms)
  SELECT row_number() OVER () AS tid, text
  FROM (SELECT DISTINCT text FROM cls_text WHERE text IS NOT NULL) d),
phrases AS (SELECT DISTINCT tid, unnest(string_split_regex(text, '{SEP}')) AS phrase
            FROM texts),
uphr AS (SELECT row_number() OVER () AS pid, phrase
         FROM (SELECT DISTINCT phrase FROM phrases WHERE length(phrase) >= 2) d),
pairs AS (  -- the characters as a list: substr(phrase, i, 2) walks the UTF-8 from its start
  SELECT DISTINCT pid, unnest(list_transform(range(1, len(chars)),
                                             i -> chars[i] || chars[i + 1])) AS pair
  FROM (SELECT pid, string_split(phrase, '') AS chars FROM uphr) c),
cands AS (
  SELECT DISTINCT p.pid, k.keyword
  FROM pairs p JOIN kw k ON substr(k.keyword, 1, 2) = p.pair WHERE length(k.keyword) >= 2),
phrase_kw AS (
  SELECT DISTINCT u.phrase, c.keyword
  FROM cands c JOIN uphr u ON u.pid = c.pid WHERE position(c.keyword IN u.phrase) > 0)
SELECT t.text, k.keyword FROM (SELECT DISTINCT ph.tid, pk.keyword FROM phrases ph
                               JOIN phrase_kw pk ON pk.phrase = ph.phrase) k
JOIN texts t ON t.tid = k.tid
UNION
SELECT t.text, k.keyword FROM texts t
JOIN (SELECT keyword FROM kw WHERE length(keyword) < 2 OR regexp_matches(keyword, '{SEP}')) k
  ON position(k.keyword IN t.text) > 0"""


# A firm's industries, a GB/T 4754 class given by its name only (所属行业「风能原动设备制造」, as
# registry exports write it) given its code from the standard's names (ref_gbt_name).
FIRM_INDUSTRY = """
SELECT fi.firm_id,
       CASE WHEN g.code IS NOT NULL THEN 'gbt4754' ELSE fi.scheme END AS scheme,
       coalesce(nullif(fi.code, ''), g.code) AS code, fi.name, fi.source_id
FROM firm_industry fi
LEFT JOIN ref_gbt_name g  -- an equi-join (a condition on fi alone made a nested-loop join)
  ON g.name = CASE WHEN nullif(fi.code, '') IS NULL AND fi.scheme IN ('gbt4754', 'label')
                   THEN fi.name END"""
# A label is matched in its own scheme (Tushare 摩托车 is weak, Shenwan 摩托车 medium); a
# name of no known scheme (a registry's 所属行业) by its name alone.
LABEL_MATCH = ("m.industry = fi.name AND (m.scheme = fi.scheme "
               "OR fi.scheme IN ('label', 'gbt4754'))")
SCHEME_WORD = ("CASE fi.scheme WHEN 'shenwan' THEN '申万行业' WHEN 'tushare' THEN 'Tushare 行业' "
               "WHEN 'wind' THEN 'Wind 行业' WHEN 'gbt4754' THEN '国标行业' ELSE '所属行业' END")

HITS = """hits AS (
  SELECT t.firm_id, t.source_id, t.field, t.text, t.weight, k.node_id, k.keyword,
         length(k.keyword) AS klen
  FROM cls_text t JOIN cls_text_kw tk ON tk.text = t.text
  JOIN chain_node_keyword k ON k.keyword = tk.keyword),
"""
HITS += f"""spec AS (
  SELECT h.* FROM hits h WHERE NOT EXISTS (
    SELECT 1 FROM hits g WHERE g.firm_id = h.firm_id AND g.field = h.field AND g.text = h.text
     AND g.klen > h.klen AND g.node_id <> h.node_id AND position(h.keyword IN g.keyword) > 0)),
kw_nodes AS (SELECT keyword, count(DISTINCT node_id) AS n FROM chain_node_keyword
             GROUP BY keyword),
firm_ind AS (  -- only firms with a text: no other firm has a hit to corroborate
  SELECT * FROM ({FIRM_INDUSTRY}) fi WHERE firm_id IN (SELECT firm_id FROM cls_text)),
firm_code AS (SELECT DISTINCT firm_id, code FROM firm_ind
              WHERE scheme = 'gbt4754' AND length(code) >= 3),
code_bonus AS (  -- only for the (firm, node) pairs a keyword proposes
  SELECT sp.firm_id, sp.node_id,
         max(CASE WHEN fc.code = ni.gbt_code THEN 0.2 ELSE 0.1 END) AS bonus,
         min(fc.code) AS code
  FROM (SELECT DISTINCT firm_id, node_id FROM spec) sp
  JOIN chain_node_industry ni ON ni.node_id = sp.node_id AND length(ni.gbt_code) >= 3
  JOIN firm_code fc ON fc.firm_id = sp.firm_id
   AND substr(fc.code, 1, 3) = substr(ni.gbt_code, 1, 3)
  GROUP BY sp.firm_id, sp.node_id),
chain_ev AS (
  SELECT fi.firm_id, m.chain_id,
         max(CASE m.strength WHEN 'medium' THEN 0.1 ELSE 0.05 END) AS bonus,
         min({SCHEME_WORD} || '「' || fi.name || '」') AS words
  FROM firm_ind fi JOIN ref_industry_chain m ON {LABEL_MATCH}
   AND m.strength IN ('strong', 'medium', 'weak')
  GROUP BY fi.firm_id, m.chain_id)"""


def node_sql() -> str:
    """SQL -> firm_node rows (method 'rule', role 'maker'), one per (firm, node), over
    ``cls_text`` and its ``cls_text_kw`` (``TEXT_KEYWORDS_SQL``)."""
    return f"""
WITH {HITS.strip()},
scored AS (
  SELECT s.*, n.chain_id, cb.code, ce.words, {MODIFIER} AS modifier,
    CASE s.field WHEN 'product' THEN 0.5 WHEN 'name' THEN 0.45 ELSE 0.25 END
    + CASE WHEN s.klen >= 4 THEN 0.1 WHEN s.klen = 3 THEN 0.05 ELSE 0.0 END
    - CASE WHEN kn.n > 1 THEN 0.05 ELSE 0.0 END
    + CASE WHEN s.weight IS NULL THEN 0.0 WHEN s.weight >= 0.3 THEN 0.1
           WHEN s.weight >= 0.1 THEN 0.0 WHEN s.weight >= 0.05 THEN -0.1 ELSE -0.2 END
    - CASE WHEN {MODIFIER} THEN 0.25 ELSE 0.0 END AS base,
    coalesce(cb.bonus, 0.0) AS code_bonus, coalesce(ce.bonus, 0.0) AS chain_bonus
  FROM spec s JOIN dim_chain_node n ON n.node_id = s.node_id
  JOIN kw_nodes kn ON kn.keyword = s.keyword
  LEFT JOIN code_bonus cb ON cb.firm_id = s.firm_id AND cb.node_id = s.node_id
  LEFT JOIN chain_ev ce ON ce.firm_id = s.firm_id AND ce.chain_id = n.chain_id),
kept AS (
  SELECT *, round(least(base + code_bonus + chain_bonus, {MAX_CONFIDENCE}), 2) AS confidence,
    row_number() OVER (PARTITION BY firm_id, node_id
      ORDER BY least(base + code_bonus + chain_bonus, {MAX_CONFIDENCE}) DESC, field, text,
               klen DESC, keyword, source_id, weight DESC NULLS LAST)
      AS rn
  FROM scored
  WHERE code_bonus > 0 OR chain_bonus > 0
     OR (field IN ('product', 'name') AND klen >= 3 AND coalesce(weight, 1.0) >= 0.1
         AND NOT modifier AND keyword NOT IN (SELECT keyword FROM ref_generic_keyword)))
SELECT firm_id, node_id, chain_id, 'maker' AS role, confidence,
  CASE field
    WHEN 'product' THEN '主营产品「' || text || '」'
         || CASE WHEN weight >= 0.01 THEN '（营收占比 ' || CAST(round(weight * 100) AS INTEGER)
                 || '%）' WHEN weight IS NOT NULL THEN '（营收占比 <1%）' ELSE '' END
    WHEN 'name' THEN '企业名称「' || text || '」'
    ELSE '经营范围「…' || {SNIPPET} || '…」' END
  || '含关键词「' || keyword || '」'
  || coalesce('；国标行业 ' || code || ' 与本环节行业代码相符', '')
  || coalesce('；' || words || '对应本产业链', '') AS evidence,
  source_id, 'rule' AS method
FROM kept WHERE rn = 1 AND confidence >= {MIN_CONFIDENCE}"""


def chain_score_sql(nodes: str = "cls_nodes", only: str | None = None) -> str:
    """SQL -> one row per (firm, chain) with any evidence: firm_id, chain_id, confidence,
    status ('chain' at ON_CHAIN or more, else 'review'), evidence, source_id (of the
    strongest item). Rows below REVIEW_MIN are not returned.

    Evidence items, each scored 0-1; per firm x chain the best item of each kind counts
    once, and the kinds combine as independent signals: 1 - prod(1 - s).
    - ``node``: a chain-node assignment of ``nodes`` (its confidence);
    - ``term``: a chain word (``ref_chain_term``: 风电, 机床, 变压器 …) in a product (its
      weight), the name (x 0.8) or the business scope (x 0.5); a side-line product (< 5 %
      of revenue) x 0.3; a word inside a longer chain word of the same text is not counted
      (航空 inside 航空发动机, 机车 inside 摩托车);
    - ``industry``: an industry label the firm carries, by its name in any scheme
      (``ref_industry_chain``: strong 0.6, medium 0.5, weak 0.25);
    - ``code``: a GB/T 4754 class that chain nodes list (0.5 when only one chain's nodes do,
      else 0.25).
    A firm is placed on its best chain when that scores ON_CHAIN or more, and on another
    chain only when it also scores ON_CHAIN and rests on at least two kinds of evidence of
    KIND_MIN or more (a weak industry label does not count): a second chain named once in
    passing (风电 beside 变压器, 储能 beside 风机) goes to review.
    A chain word of negative weight (消费类电池 for grid) multiplies the chain's score by
    (1 + weight), and so does (x 0.5) an industry label of strength ``veto`` (Tushare
    汽车整车: a vehicle maker is the chains' customer) (``chain_id`` '*': every chain).
    ``only``: SQL of firm ids to score (a resumed build scores the batch's firms).
    """
    only_firms = f"WHERE firm_id IN ({only})" if only else ""
    return f"""
WITH firm_ind AS (SELECT * FROM ({FIRM_INDUSTRY}) fi {only_firms}),
term_hits AS (
  SELECT t.firm_id, t.source_id, t.field, t.text, t.weight AS share, k.keyword, k.chain_id,
         k.weight AS tw, length(k.keyword) AS klen
  FROM cls_text t JOIN cls_text_kw tk ON tk.text = t.text
  JOIN ref_chain_term k ON k.keyword = tk.keyword),
term_spec AS (
  SELECT h.* FROM term_hits h WHERE NOT EXISTS (
    SELECT 1 FROM term_hits g WHERE g.firm_id = h.firm_id AND g.field = h.field
     AND g.text = h.text AND g.klen > h.klen AND position(h.keyword IN g.keyword) > 0)),
code_chains AS (
  SELECT gbt_code, chain_id, count(*) OVER (PARTITION BY gbt_code) AS n_chains
  FROM (SELECT DISTINCT ni.gbt_code, n.chain_id FROM chain_node_industry ni
        JOIN dim_chain_node n ON n.node_id = ni.node_id) c),
ev AS (
  SELECT firm_id, chain_id, 'term' AS kind, source_id,
    tw * CASE field WHEN 'product' THEN 1.0 WHEN 'name' THEN 0.8 ELSE 0.5 END
       * CASE WHEN share < 0.05 THEN 0.3 ELSE 1.0 END AS s,
    CASE field WHEN 'product' THEN '主营产品「' WHEN 'name' THEN '企业名称「'
         ELSE '经营范围「…' END
    || substr(text, greatest(position(keyword IN text) - 8, 1), length(keyword) + 16)
    || CASE field WHEN 'scope' THEN '…」' ELSE '」' END || '含「' || keyword || '」' AS words
  FROM term_spec WHERE chain_id <> '-' AND tw > 0 AND field IN ('product', 'name', 'scope')
  UNION ALL
  SELECT firm_id, chain_id, 'node', source_id, confidence, '链条环节 ' || node_id
  FROM {nodes} {only_firms}
  UNION ALL
  SELECT fi.firm_id, m.chain_id, 'industry', fi.source_id, m.s,
         {SCHEME_WORD} || '「' || fi.name || '」'
  FROM firm_ind fi JOIN (
    SELECT scheme, industry, chain_id,
           max(CASE strength WHEN 'strong' THEN 0.6 WHEN 'medium' THEN 0.5 ELSE 0.25 END) AS s
    FROM ref_industry_chain WHERE strength IN ('strong', 'medium', 'weak')
    GROUP BY scheme, industry, chain_id) m ON {LABEL_MATCH}
  UNION ALL
  SELECT fi.firm_id, c.chain_id, 'code', fi.source_id,
         CASE WHEN c.n_chains = 1 THEN 0.5 ELSE 0.25 END,
         '国标行业 ' || fi.code || CASE WHEN c.n_chains = 1 THEN ' 仅属本产业链'
           ELSE ' 属本产业链等 ' || CAST(c.n_chains AS VARCHAR) || ' 条链' END
  FROM firm_ind fi JOIN code_chains c ON c.gbt_code = fi.code WHERE fi.scheme = 'gbt4754'),
veto_words AS (  -- the strongest negative word or label per firm and chain ('*': all)
  SELECT firm_id, chain_id, tw AS w, keyword FROM (
    SELECT firm_id, chain_id, tw, keyword, row_number() OVER (
             PARTITION BY firm_id, chain_id ORDER BY tw, keyword) AS rn
    FROM (SELECT firm_id, chain_id, tw, '主营产品含「' || keyword || '」' AS keyword
          FROM term_spec WHERE tw < 0 AND field IN ('product', 'name')
           -- a negative word qualifying another product (乘用车变速器) does not veto
           AND NOT regexp_matches(substr(text, position(keyword IN text) + length(keyword), 1),
                                  '^[^、，,；;（(/ 及和与。]$')
          UNION ALL
          SELECT fi.firm_id, m.chain_id, -0.5, {SCHEME_WORD} || '「' || fi.name || '」'
          FROM firm_ind fi JOIN ref_industry_chain m ON {LABEL_MATCH}
           AND m.strength = 'veto') v) t WHERE rn = 1),
best AS (
  SELECT *, row_number() OVER (PARTITION BY firm_id, chain_id, kind
                               ORDER BY s DESC, words, source_id) AS rn
  FROM ev WHERE s > 0 {"AND firm_id IN (" + only + ")" if only else ""}),
scored AS (
  SELECT firm_id, chain_id, count(CASE WHEN s >= {KIND_MIN} THEN 1 END) AS kinds,
         1 - exp(sum(ln(1 - least(s, {MAX_ITEM})))) AS confidence,
         -- the items in order (at most one per kind, four kinds): concat_ws over
         -- positions, not an ordered string_agg (a sort per group: 5 s at 1M firms)
         concat_ws('；', max(CASE WHEN top = 1 THEN words END),
                   max(CASE WHEN top = 2 THEN words END), max(CASE WHEN top = 3 THEN words END),
                   max(CASE WHEN top = 4 THEN words END)) AS evidence,
         min(CASE WHEN top = 1 THEN source_id END) AS source_id
  FROM (SELECT *, row_number() OVER (PARTITION BY firm_id, chain_id ORDER BY s DESC, words,
                                                  source_id) AS top
        FROM best WHERE rn = 1) b
  GROUP BY firm_id, chain_id)
SELECT firm_id, chain_id, round(confidence, 2) AS confidence,
       CASE WHEN round(confidence, 2) >= {ON_CHAIN}
             AND (confidence >= top OR kinds >= 2) THEN 'chain' ELSE 'review' END AS status,
       evidence, source_id
FROM (SELECT *, max(confidence) OVER (PARTITION BY firm_id) AS top
      FROM (SELECT s.firm_id, s.chain_id, s.kinds, s.source_id,
                   s.confidence * (1 + least(coalesce(v.w, 0), coalesce(a.w, 0))) AS confidence,
                   s.evidence || coalesce('；但' || v.keyword, '')
                   || coalesce('；但' || a.keyword, '') AS evidence
            FROM scored s
            LEFT JOIN (SELECT firm_id, chain_id, w, keyword FROM veto_words) v
              ON v.firm_id = s.firm_id AND v.chain_id = s.chain_id
            LEFT JOIN (SELECT firm_id, w, keyword FROM veto_words WHERE chain_id = '*') a
              ON a.firm_id = s.firm_id) x) s
WHERE round(confidence, 2) >= {REVIEW_MIN}"""


def chain_sql(scores: str = "firm_chain_score") -> str:
    """SQL -> firm_chain rows (method 'rule') for the chains a firm's score places it on."""
    return f"""
SELECT firm_id, chain_id, CAST(NULL AS VARCHAR) AS plan_designation, source_id,
       'rule' AS method,
       '置信度 ' || CAST(confidence AS VARCHAR) || '：' || evidence AS evidence
FROM {scores} WHERE status = 'chain'"""
