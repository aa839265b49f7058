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

__all__ = ["MIN_CONFIDENCE", "chain_sql", "node_sql"]

MIN_CONFIDENCE = 0.4
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
# two characters and checked with position(). A keyword never spans punctuation, so this
# finds exactly the (text, keyword) pairs of position(keyword IN text) > 0. Keywords
# holding punctuation or shorter than two characters (none today) keep the plain search.
SEP = "[；;，,。：:、（）()]"
HITS = f"""
texts AS (SELECT DISTINCT text FROM cls_text WHERE text IS NOT NULL),
phrases AS (SELECT DISTINCT text, unnest(string_split_regex(text, '{SEP}')) AS phrase
            FROM texts),
uphr AS (SELECT row_number() OVER () AS pid, phrase
         FROM (SELECT DISTINCT phrase FROM phrases WHERE length(phrase) >= 2) d),
pairs AS (
  SELECT pid, phrase, substr(phrase, i, 2) AS pair
  FROM (SELECT pid, phrase, unnest(range(1, length(phrase))) AS i FROM uphr) p),
phrase_kw AS (
  SELECT DISTINCT p.phrase, k.keyword
  FROM pairs p JOIN chain_node_keyword k ON substr(k.keyword, 1, 2) = p.pair
  WHERE length(k.keyword) >= 2 AND position(k.keyword IN p.phrase) > 0),
text_kw AS (
  SELECT ph.text, pk.keyword FROM phrases ph JOIN phrase_kw pk ON pk.phrase = ph.phrase
  UNION
  SELECT t.text, k.keyword FROM texts t
  JOIN (SELECT DISTINCT keyword FROM chain_node_keyword
        WHERE length(keyword) < 2 OR regexp_matches(keyword, '{SEP}')) k
    ON position(k.keyword IN t.text) > 0),
hits AS (
  SELECT t.firm_id, t.source_id, t.field, t.text, t.weight, k.node_id, k.keyword,
         length(k.keyword) AS klen
  FROM cls_text t JOIN text_kw tk ON tk.text = t.text
  JOIN chain_node_keyword k ON k.keyword = tk.keyword),
"""
HITS += """spec AS (
  SELECT h.* FROM hits h WHERE NOT EXISTS (
    SELECT 1 FROM hits g WHERE g.firm_id = h.firm_id AND g.field = h.field AND g.text = h.text
     AND g.klen > h.klen AND g.node_id <> h.node_id AND position(h.keyword IN g.keyword) > 0)),
kw_nodes AS (SELECT keyword, count(DISTINCT node_id) AS n FROM chain_node_keyword
             GROUP BY keyword),
firm_code AS (SELECT DISTINCT firm_id, code FROM firm_industry
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
         min(CASE fi.scheme WHEN 'shenwan' THEN '申万行业' ELSE 'Tushare 行业' END
             || '「' || fi.name || '」') AS words
  FROM firm_industry fi JOIN ref_industry_chain m
    ON m.scheme = fi.scheme AND m.industry = fi.name
  GROUP BY fi.firm_id, m.chain_id)"""


def node_sql() -> str:
    """SQL -> firm_node rows (method 'rule', role 'maker'), one per (firm, node)."""
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


def chain_sql(nodes: str = "cls_nodes") -> str:
    """SQL -> firm_chain rows (method 'rule') from node assignments, Shenwan industries and
    GB/T classes belonging to one chain only."""
    return f"""
WITH one_chain AS (
  SELECT ni.gbt_code, min(n.chain_id) AS chain_id FROM chain_node_industry ni
  JOIN dim_chain_node n ON n.node_id = ni.node_id
  GROUP BY ni.gbt_code HAVING count(DISTINCT n.chain_id) = 1),
ev AS (
  SELECT firm_id, chain_id, source_id, '链条环节 ' || node_id AS words FROM {nodes}
  UNION ALL
  SELECT fi.firm_id, m.chain_id, fi.source_id, '申万行业「' || fi.name || '」'
  FROM firm_industry fi JOIN ref_industry_chain m
    ON m.scheme = fi.scheme AND m.industry = fi.name AND m.strength = 'medium'
  UNION ALL
  SELECT fi.firm_id, o.chain_id, fi.source_id, '国标行业 ' || fi.code || ' 仅属本产业链'
  FROM firm_industry fi JOIN one_chain o ON o.gbt_code = fi.code AND fi.scheme = 'gbt4754')
SELECT firm_id, chain_id, CAST(NULL AS VARCHAR) AS plan_designation, source_id,
       'rule' AS method, string_agg(DISTINCT words, '；' ORDER BY words) AS evidence
FROM ev GROUP BY firm_id, chain_id, source_id"""
