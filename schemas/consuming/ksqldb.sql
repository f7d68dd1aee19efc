-- claimwire in ksqlDB (worker.output_format = "confluent"): the value columns are inferred from
-- the Schema Registry (subjects claimwire.claims-value and claimwire.entities-value); the key,
-- a plain UTF-8 string, is declared (KEY_FORMAT 'KAFKA'). Avro field names are read as
-- ksqlDB column names (case-insensitive), records as STRUCTs (field access with ->), enums as
-- STRING, timestamp-millis as TIMESTAMP.

-- The claims topic, keyed by claim id.
CREATE STREAM IF NOT EXISTS claimwire_claims (claim_key STRING KEY)
  WITH (KAFKA_TOPIC = 'claimwire.claims', KEY_FORMAT = 'KAFKA', VALUE_FORMAT = 'AVRO');

-- The entities topic, keyed by article id.
CREATE STREAM IF NOT EXISTS claimwire_entities (article_key STRING KEY)
  WITH (KAFKA_TOPIC = 'claimwire.entities', KEY_FORMAT = 'KAFKA', VALUE_FORMAT = 'AVRO');

-- Claims flattened: who said what, with the article's headline and link.
CREATE STREAM IF NOT EXISTS claimwire_claims_flat AS
  SELECT claim_key,
         article_id,
         kind,
         published_at,
         speaker->text AS speaker_text,
         speaker_entity->entity_id AS speaker_entity_id,
         speaker_entity->canonical AS speaker_canonical,
         content->text AS content_text,
         title,
         url,
         article_source,
         language,
         speaker_resolution
  FROM claimwire_claims
  EMIT CHANGES;

-- One row per entity of an article.
CREATE STREAM IF NOT EXISTS claimwire_entity_rows AS
  SELECT article_key,
         published_at,
         EXPLODE(entities) AS entity
  FROM claimwire_entities
  EMIT CHANGES;

-- Top entities per hour: articles mentioning each entity, by entity_id, in one-hour tumbling
-- windows of the record time (when the worker wrote the article).
CREATE TABLE IF NOT EXISTS claimwire_entities_hourly AS
  SELECT entity->entity_id AS entity_id,
         LATEST_BY_OFFSET(entity->canonical) AS canonical,
         COUNT(*) AS articles
  FROM claimwire_entity_rows
  WINDOW TUMBLING (SIZE 1 HOUR)
  WHERE entity->entity_id IS NOT NULL
  GROUP BY entity->entity_id
  EMIT CHANGES;

-- The hour so far, most mentioned first (a pull query; sort the rows on the client):
-- SELECT entity_id, canonical, articles FROM claimwire_entities_hourly
--   WHERE WINDOWSTART >= UNIX_TIMESTAMP() - 3600000;
