-- chainmap database schema (DuckDB). Documented in docs/data-model.md.
-- Portable SQL: plain types, no DuckDB-only column types, so the same tables can
-- be created on Spark SQL / Postgres. Lists live in bridge tables, not arrays.

CREATE TABLE dim_source (
    source_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    locator VARCHAR, licence VARCHAR, note VARCHAR,
    sha256 VARCHAR                       -- imported files: digest of the input
);

CREATE TABLE dim_region (
    region_id VARCHAR PRIMARY KEY,       -- 6-digit adcode, or Z###### for a functional zone
    name VARCHAR NOT NULL, name_en VARCHAR,
    level VARCHAR NOT NULL,              -- province | city | district | zone
    parent_id VARCHAR,                   -- containing region (adcode)
    province_id VARCHAR NOT NULL,        -- 500000 or 510000
    geometry VARCHAR,                    -- GeoJSON geometry text (NULL for zones)
    label_lon DOUBLE, label_lat DOUBLE,  -- an interior point for labels
    crs VARCHAR NOT NULL,                -- coordinate system of geometry and label point
    source_id VARCHAR NOT NULL, evidence VARCHAR
);

CREATE TABLE region_zone_member (
    zone_id VARCHAR NOT NULL, adcode VARCHAR NOT NULL, part VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL, PRIMARY KEY (zone_id, adcode)
);

CREATE TABLE dim_chain (
    chain_id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    sector_zh VARCHAR, sector_en VARCHAR, focus BOOLEAN NOT NULL, source VARCHAR
);

CREATE TABLE dim_chain_node (
    node_id VARCHAR PRIMARY KEY, chain_id VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    tier VARCHAR NOT NULL,               -- 上游 | 中游 | 下游
    tier_order INTEGER NOT NULL,         -- 0 上游, 1 中游, 2 下游
    parent_node_id VARCHAR, plan_named BOOLEAN NOT NULL, plan_quote VARCHAR,
    source_id VARCHAR NOT NULL
);

CREATE TABLE chain_node_industry (
    node_id VARCHAR NOT NULL, gbt_code VARCHAR NOT NULL, gbt_name VARCHAR,
    PRIMARY KEY (node_id, gbt_code)
);

CREATE TABLE chain_node_keyword (
    node_id VARCHAR NOT NULL, keyword VARCHAR NOT NULL, PRIMARY KEY (node_id, keyword)
);

CREATE TABLE fct_chain_edge (
    chain_id VARCHAR NOT NULL, src_node_id VARCHAR NOT NULL, dst_node_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL, PRIMARY KEY (src_node_id, dst_node_id)
);

CREATE TABLE dim_firm (
    firm_id VARCHAR NOT NULL,            -- unique: etl.pipeline.UNIQUE_KEYS
    name VARCHAR NOT NULL, name_en VARCHAR, full_name VARCHAR,
    uscc VARCHAR,                        -- 统一社会信用代码 when known and valid
    kind VARCHAR NOT NULL,               -- firm | institution | platform | project
    role VARCHAR NOT NULL,               -- local | attract | institution | platform | external
    adcode VARCHAR,                      -- best-known region (NULL = unknown)
    precision VARCHAR NOT NULL,          -- point | district | city | province | unknown
    lon DOUBLE, lat DOUBLE, crs VARCHAR, -- only when precision = point
    revenue_yi DOUBLE, employees INTEGER, registered_capital_wan DOUBLE,
    source_id VARCHAR NOT NULL, method VARCHAR NOT NULL, evidence VARCHAR
);

CREATE TABLE firm_location_fact (
    firm_id VARCHAR NOT NULL, adcode VARCHAR, precision VARCHAR NOT NULL,
    rank INTEGER NOT NULL,               -- 4 point, 3 district, 2 city, 1 province, 0 unknown
    source_id VARCHAR NOT NULL, method VARCHAR NOT NULL, evidence VARCHAR
);

CREATE TABLE firm_name (
    firm_id VARCHAR NOT NULL, full_name VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL               -- unique (firm_id, full_name, source_id): UNIQUE_KEYS
);

CREATE TABLE firm_label (
    firm_id VARCHAR NOT NULL, label VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL, evidence VARCHAR  -- unique (firm_id, label, source_id)
);

CREATE TABLE firm_chain (
    firm_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL, plan_designation VARCHAR,
    source_id VARCHAR NOT NULL, method VARCHAR NOT NULL, evidence VARCHAR
    -- unique (firm_id, chain_id, source_id)
);

CREATE TABLE firm_node (
    firm_id VARCHAR NOT NULL, node_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,               -- maker | researcher | platform | project
    confidence DOUBLE NOT NULL, evidence VARCHAR,
    source_id VARCHAR NOT NULL, method VARCHAR NOT NULL
    -- unique (firm_id, node_id, source_id, method)
);

CREATE TABLE fct_supply_link (
    supplier_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, product VARCHAR,
    source_id VARCHAR NOT NULL, method VARCHAR NOT NULL, evidence VARCHAR
);

CREATE TABLE dim_cluster (
    cluster_id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR,
    source_id VARCHAR NOT NULL, evidence VARCHAR
);
CREATE TABLE cluster_chain (cluster_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL,
    PRIMARY KEY (cluster_id, chain_id));
CREATE TABLE cluster_member (cluster_id VARCHAR NOT NULL, region_id VARCHAR NOT NULL,
    PRIMARY KEY (cluster_id, region_id));

CREATE TABLE partner_pair (
    pair_id VARCHAR PRIMARY KEY, theme_zh VARCHAR NOT NULL, theme_en VARCHAR,
    source_id VARCHAR NOT NULL, evidence VARCHAR
);
CREATE TABLE partner_chain (pair_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL,
    PRIMARY KEY (pair_id, chain_id));
CREATE TABLE partner_member (pair_id VARCHAR NOT NULL, side VARCHAR NOT NULL,
    region_id VARCHAR NOT NULL, PRIMARY KEY (pair_id, side, region_id));

CREATE TABLE plan_structure (
    element_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
    name_en VARCHAR, note VARCHAR, source_id VARCHAR NOT NULL, evidence VARCHAR
);
CREATE TABLE plan_structure_member (element_id VARCHAR NOT NULL, region_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL, role VARCHAR NOT NULL, PRIMARY KEY (element_id, region_id, role));

CREATE TABLE plan_target (
    target_id VARCHAR PRIMARY KEY, metric_zh VARCHAR NOT NULL, metric_en VARCHAR,
    comparator VARCHAR NOT NULL, value DOUBLE NOT NULL, unit VARCHAR, year INTEGER NOT NULL,
    measurable_from VARCHAR, source_id VARCHAR NOT NULL, evidence VARCHAR
);

CREATE TABLE build_meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- Derived after loading (etl/derive.py): which regions contain which.
CREATE TABLE region_closure (
    ancestor_id VARCHAR NOT NULL, descendant_id VARCHAR NOT NULL, depth INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);

-- Imports (etl/replay.py): reference tables, batches, quarantine, resolution, extra facts.
CREATE TABLE ref_division (
    adcode VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
    parent_adcode VARCHAR, label_lon DOUBLE, label_lat DOUBLE,
    name_en VARCHAR  -- curated or pinyin by rule (etl/romanize.py); NULL: none known
);
CREATE TABLE ref_industry_chain (
    scheme VARCHAR NOT NULL, industry VARCHAR NOT NULL, chain_id VARCHAR NOT NULL,
    strength VARCHAR NOT NULL, note VARCHAR, PRIMARY KEY (scheme, industry, chain_id)
);
CREATE TABLE ref_generic_keyword (keyword VARCHAR PRIMARY KEY, note VARCHAR);
CREATE TABLE ref_chain_term (         -- chain words (风电, 机床 …) and their weight as evidence
    keyword VARCHAR PRIMARY KEY, chain_id VARCHAR NOT NULL, weight DOUBLE NOT NULL, note VARCHAR
);
CREATE TABLE ref_gbt_name (           -- GB/T 4754-2017 names -> codes (labels given by name)
    code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level INTEGER NOT NULL
);
CREATE TABLE firm_chain_score (       -- the classifier's combined confidence per firm x chain
    firm_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL, confidence DOUBLE NOT NULL,
    status VARCHAR NOT NULL,          -- chain (placed: a firm_chain row) | review (not placed)
    evidence VARCHAR, source_id VARCHAR NOT NULL
);
CREATE TABLE import_batch (
    batch_id VARCHAR PRIMARY KEY,        -- <kind>-<sha256[:16]>, the store folder's name
    seq INTEGER NOT NULL, kind VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
    input_path VARCHAR, sha256 VARCHAR NOT NULL, imported_at VARCHAR,
    rows INTEGER NOT NULL, accepted INTEGER NOT NULL,
    merged INTEGER NOT NULL,             -- accepted firm rows that joined another firm
    matched_existing INTEGER NOT NULL,   -- … of them, a firm known before this batch
    new_firms INTEGER NOT NULL, quarantined INTEGER NOT NULL, flagged INTEGER NOT NULL
);
-- the regions an enterprise-registry batch (qcc, csv) declares it lists every firm of
-- (chainmap import … --covers); replayed from its manifest (etl/replay.py)
CREATE TABLE import_batch_cover (
    batch_id VARCHAR NOT NULL, region_id VARCHAR NOT NULL, PRIMARY KEY (batch_id, region_id)
);
CREATE TABLE import_quarantine (
    batch_id VARCHAR NOT NULL, file VARCHAR, row_no INTEGER,
    stage VARCHAR NOT NULL,              -- import (reading the file) | resolve (at build)
    status VARCHAR NOT NULL,             -- rejected (not loaded) | flagged (loaded, to review)
    reasons VARCHAR NOT NULL,            -- ;-separated codes, see etl/quarantine.py
    raw VARCHAR                          -- the input values (JSON) or a summary
);
CREATE TABLE firm_source (
    firm_id VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, row_no INTEGER,
    source_key VARCHAR NOT NULL,
    match_method VARCHAR NOT NULL,       -- override | uscc | stock_code | name | former_name
                                         -- | name_core+province | short_name+province | new
                                         -- | ambiguous
    matched_existing BOOLEAN NOT NULL    -- unique (batch_id, source_key)
);
CREATE TABLE resolution_review (
    batch_id VARCHAR NOT NULL, row_no INTEGER, source_key VARCHAR NOT NULL,
    full_name VARCHAR, candidate_id VARCHAR NOT NULL, candidate_name VARCHAR, reason VARCHAR
);
CREATE TABLE firm_branch (
    firm_id VARCHAR NOT NULL, parent_firm_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
    evidence VARCHAR                     -- unique (firm_id, parent_firm_id, source_id)
);
CREATE TABLE firm_industry (
    firm_id VARCHAR NOT NULL, scheme VARCHAR NOT NULL,   -- gbt4754 | tushare | shenwan
    code VARCHAR, name VARCHAR, source_id VARCHAR NOT NULL
);
CREATE TABLE firm_product (
    firm_id VARCHAR NOT NULL, product VARCHAR NOT NULL,
    weight DOUBLE,                       -- share of revenue, when the source gives it
    source_id VARCHAR NOT NULL
);
CREATE TABLE firm_registration (
    firm_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL, row_no INTEGER,
    uscc_raw VARCHAR,                    -- the code as written, valid or not
    status VARCHAR, legal_rep VARCHAR, founded VARCHAR, registered_capital_wan DOUBLE,
    employees INTEGER, ent_type VARCHAR, address VARCHAR, scope VARCHAR, products VARCHAR
);
CREATE TABLE fct_product_supply (
    product VARCHAR NOT NULL, material VARCHAR NOT NULL, relation VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL, PRIMARY KEY (product, material, source_id)
);
CREATE TABLE override_log (
    file VARCHAR NOT NULL, line INTEGER NOT NULL, action VARCHAR NOT NULL, firm_id VARCHAR,
    node_id VARCHAR, rows_affected INTEGER, note VARCHAR, author VARCHAR
);
