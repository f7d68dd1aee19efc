-- claimwire in ClickHouse, part 1: the tables the dashboards read. Run this first, then either
-- clickhouse_confluent.sql (worker.output_format = "confluent") or clickhouse_json.sql ("json"):
-- both fill these tables through a Kafka engine table and a materialized view per topic.
-- A redelivered record (same claim_id, same article and entity) replaces the older row at merge
-- time (ReplacingMergeTree); query with FINAL, or aggregate, to see each once.

-- One row per claim, nested fields flattened.
CREATE TABLE IF NOT EXISTS claimwire_claims
(
    claim_id          String,
    article_id        String,
    claim_index       Int32,
    published_at      Nullable(DateTime64(3, 'UTC')),
    processed_at      DateTime64(3, 'UTC'),
    kind              LowCardinality(String),
    speaker           Nullable(String),
    speaker_entity_id Nullable(String),
    speaker_canonical Nullable(String),
    cue_lemma         Nullable(String),
    content_text      String,
    content_start     Int32,
    content_end       Int32,
    entity_ids        Array(String),
    url               Nullable(String),
    title             Nullable(String),
    article_source    Nullable(String),
    language          LowCardinality(Nullable(String)),
    speaker_resolution LowCardinality(Nullable(String)),
    capped            Bool,
    extractor_version String
)
ENGINE = ReplacingMergeTree(processed_at)
ORDER BY claim_id;

-- One row per entity of an article (ARRAY JOIN of ArticleEntities.entities).
CREATE TABLE IF NOT EXISTS claimwire_entities
(
    article_id   String,
    entity_id    String,
    type         LowCardinality(String),
    canonical    String,
    normalized   Nullable(String),
    salience     Float64,
    mentions     UInt32,
    iso_code     LowCardinality(Nullable(String)),
    latitude     Nullable(Float64),
    longitude    Nullable(Float64),
    published_at Nullable(DateTime64(3, 'UTC')),
    processed_at DateTime64(3, 'UTC'),
    language     LowCardinality(Nullable(String)),
    title        Nullable(String),
    url          Nullable(String)
)
ENGINE = ReplacingMergeTree(processed_at)
ORDER BY (article_id, entity_id);

-- Example: the ten most mentioned people, organizations and places of each of the last 24 hours
-- (by publication time), counted in articles.
SELECT
    toStartOfHour(published_at) AS hour,
    entity_id,
    any(canonical) AS name,
    any(type) AS entity_type,
    count() AS articles
FROM claimwire_entities FINAL
WHERE type IN ('PER', 'ORG', 'LOC') AND published_at >= now() - INTERVAL 1 DAY
GROUP BY hour, entity_id
ORDER BY hour DESC, articles DESC
LIMIT 10 BY hour;

-- Example: the latest claims with their speaker, headline and link.
SELECT published_at, speaker, content_text, title, url
FROM claimwire_claims FINAL
WHERE speaker_entity_id IS NOT NULL
ORDER BY published_at DESC
LIMIT 20;
