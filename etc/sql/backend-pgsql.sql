-- Osprey backend-pgsql: the tables of EMQX 4's emqx_backend_pgsql, so its reports and tools keep working.
-- The plugin runs this file when it connects (create_schema = on): every statement creates only what is absent.
-- By hand: psql -U postgres -d mqtt -f etc/sql/backend-pgsql.sql
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.
--
-- Client ids and topics are text: MQTT allows 65535 bytes, more than a btree key can hold (about 2.7 KB). Unique
-- keys are therefore on md5() of the value (upserts: ON CONFLICT ((md5(clientid)))), and lookups use hash indexes,
-- which take values of any length. Only a second preimage of a stored value could collide with it.

-- Online state of each client: state 1 online, 0 offline.
CREATE TABLE IF NOT EXISTS mqtt_client (
  id bigserial PRIMARY KEY,
  clientid text NOT NULL,
  state varchar(3),
  node text,
  online_at timestamp,
  offline_at timestamp,
  created timestamp DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS mqtt_client_key ON mqtt_client (md5(clientid));
CREATE INDEX IF NOT EXISTS mqtt_client_clientid ON mqtt_client USING hash (clientid);

-- Subscriptions the broker restores when a client connects (on_subscribe_lookup).
CREATE TABLE IF NOT EXISTS mqtt_sub (
  id bigserial PRIMARY KEY,
  clientid text NOT NULL,
  topic text NOT NULL,
  qos integer,
  created timestamp DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS mqtt_sub_key ON mqtt_sub (md5(clientid), md5(topic));
CREATE INDEX IF NOT EXISTS mqtt_sub_clientid ON mqtt_sub USING hash (clientid);

-- Stored messages (on_message_publish); id orders them and is what mqtt_acked.mid points at.
CREATE TABLE IF NOT EXISTS mqtt_msg (
  id bigserial PRIMARY KEY,
  msgid varchar(64),
  topic text NOT NULL,
  sender text,
  node text,
  qos integer NOT NULL DEFAULT 0,
  retain integer,
  payload bytea,
  arrived timestamp(3) NOT NULL
);
CREATE INDEX IF NOT EXISTS mqtt_msg_topic ON mqtt_msg USING hash (topic);
CREATE INDEX IF NOT EXISTS mqtt_msg_msgid ON mqtt_msg (msgid);

-- Retained messages, one per topic (on_message_retain, on_retain_delete, on_retain_lookup).
CREATE TABLE IF NOT EXISTS mqtt_retain (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  msgid varchar(64),
  sender text,
  node text,
  qos integer,
  payload bytea,
  arrived timestamp(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS mqtt_retain_key ON mqtt_retain (md5(topic));
CREATE INDEX IF NOT EXISTS mqtt_retain_topic ON mqtt_retain USING hash (topic);

-- Read position of each client on each subscribed topic: mid is the mqtt_msg.id acknowledged last
-- (on_message_fetch, on_message_acked).
CREATE TABLE IF NOT EXISTS mqtt_acked (
  id bigserial PRIMARY KEY,
  clientid text NOT NULL,
  topic text NOT NULL,
  mid bigint,
  created timestamp DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS mqtt_acked_key ON mqtt_acked (md5(clientid), md5(topic));
CREATE INDEX IF NOT EXISTS mqtt_acked_clientid ON mqtt_acked USING hash (clientid);
