-- claimwire in ClickHouse, part 2 for worker.output_format = "confluent": the Confluent wire
-- format, schemas from the Schema Registry (AvroConfluent). Run clickhouse_tables.sql first.

-- The Kafka engine tables: columns named as the Avro fields (schemas/*.avsc), records as named
-- tuples with every field in schema order. Fields left out (numbers, content_truncated,
-- origin_*) are skipped. Timestamps arrive as epoch milliseconds (Int64) and become
-- DateTime64 in the views. Set kafka_broker_list, kafka_group_name and the registry URL for your setup.
CREATE TABLE IF NOT EXISTS claimwire_claims_queue
(
    claim_id          String,
    article_id        String,
    claim_index       Int32,
    published_at      Nullable(Int64),
    processed_at      Int64,
    extractor_version String,
    kind              String,
    content           Tuple(start Int32, `end` Int32, text String),
    cue               Tuple(start Int32, `end` Int32, text String, lemma String),
    speaker           Tuple(start Int32, `end` Int32, text String),
    speaker_entity    Tuple(index Int32, canonical String, type String, entity_id Nullable(String)),
    entities          Array(Tuple(index Int32, canonical String, type String, entity_id Nullable(String))),
    capped            Bool,
    url               Nullable(String),
    title             Nullable(String),
    article_source    Nullable(String),
    language          Nullable(String),
    speaker_resolution Nullable(String)
)
ENGINE = Kafka
SETTINGS
    kafka_broker_list = 'kafka:9092',
    kafka_topic_list = 'claimwire.claims',
    kafka_group_name = 'clickhouse-claimwire-claims',
    kafka_format = 'AvroConfluent',
    format_avro_schema_registry_url = 'http://schema-registry:8081',
    input_format_null_as_default = 1;

CREATE TABLE IF NOT EXISTS claimwire_entities_queue
(
    article_id        String,
    url               Nullable(String),
    source            Nullable(String),
    title             Nullable(String),
    language          Nullable(String),
    published_at      Nullable(Int64),
    processed_at      Int64,
    extractor_version String,
    entities          Array(Tuple(
                          canonical  String,
                          type       String,
                          salience   Float64,
                          normalized Nullable(String),
                          qualifier  Nullable(String),
                          mentions   Array(Tuple(start Int32, `end` Int32, text String, sentence Int32)),
                          entity_id  Nullable(String),
                          iso_code   Nullable(String),
                          latitude   Nullable(Float64),
                          longitude  Nullable(Float64))),
    capped            Bool
)
ENGINE = Kafka
SETTINGS
    kafka_broker_list = 'kafka:9092',
    kafka_topic_list = 'claimwire.entities',
    kafka_group_name = 'clickhouse-claimwire-entities',
    kafka_format = 'AvroConfluent',
    format_avro_schema_registry_url = 'http://schema-registry:8081',
    input_format_null_as_default = 1;

-- Claims: nested fields flattened. A null speaker, speaker_entity or cue arrives as a tuple of
-- defaults (input_format_null_as_default); nullIf turns its empty text back into NULL.
CREATE MATERIALIZED VIEW IF NOT EXISTS claimwire_claims_mv TO claimwire_claims AS
SELECT
    q.claim_id AS claim_id,
    q.article_id AS article_id,
    q.claim_index AS claim_index,
    fromUnixTimestamp64Milli(q.published_at, 'UTC') AS published_at,
    fromUnixTimestamp64Milli(q.processed_at, 'UTC') AS processed_at,
    q.kind AS kind,
    nullIf(tupleElement(q.speaker, 'text'), '') AS speaker,
    tupleElement(q.speaker_entity, 'entity_id') AS speaker_entity_id,
    nullIf(tupleElement(q.speaker_entity, 'canonical'), '') AS speaker_canonical,
    nullIf(tupleElement(q.cue, 'lemma'), '') AS cue_lemma,
    tupleElement(q.content, 'text') AS content_text,
    tupleElement(q.content, 'start') AS content_start,
    tupleElement(q.content, 'end') AS content_end,
    arrayMap(e -> ifNull(tupleElement(e, 'entity_id'), ''), q.entities) AS entity_ids,
    q.url AS url,
    q.title AS title,
    q.article_source AS article_source,
    q.language AS language,
    q.speaker_resolution AS speaker_resolution,
    q.capped AS capped,
    q.extractor_version AS extractor_version
FROM claimwire_claims_queue AS q;

-- Entities: one row per entity.
CREATE MATERIALIZED VIEW IF NOT EXISTS claimwire_entities_mv TO claimwire_entities AS
SELECT
    q.article_id AS article_id,
    ifNull(tupleElement(e, 'entity_id'), '') AS entity_id,
    tupleElement(e, 'type') AS type,
    tupleElement(e, 'canonical') AS canonical,
    tupleElement(e, 'normalized') AS normalized,
    tupleElement(e, 'salience') AS salience,
    length(tupleElement(e, 'mentions')) AS mentions,
    tupleElement(e, 'iso_code') AS iso_code,
    tupleElement(e, 'latitude') AS latitude,
    tupleElement(e, 'longitude') AS longitude,
    fromUnixTimestamp64Milli(q.published_at, 'UTC') AS published_at,
    fromUnixTimestamp64Milli(q.processed_at, 'UTC') AS processed_at,
    q.language AS language,
    q.title AS title,
    q.url AS url
FROM claimwire_entities_queue AS q
ARRAY JOIN q.entities AS e;
