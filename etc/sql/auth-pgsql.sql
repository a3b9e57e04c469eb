-- Osprey backend-pgsql: users and ACL rows in the shape of EMQX 4's emqx_auth_pgsql.
-- The plugin runs this file when it connects, if auth_query or acl_query is set and create_schema = on; every
-- statement creates only what is absent. By hand: psql -U postgres -d mqtt -f etc/sql/auth-pgsql.sql
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.

-- password holds the hash (see password_hash), salt the salt if any; is_superuser true skips ACL checks.
CREATE TABLE IF NOT EXISTS mqtt_user (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  password varchar(255),
  salt varchar(64),
  is_superuser boolean DEFAULT false,
  created timestamp DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS mqtt_user_key ON mqtt_user (md5(username));
CREATE INDEX IF NOT EXISTS mqtt_user_username ON mqtt_user USING hash (username);

-- allow: 0 deny, 1 allow. Who: ipaddr (address or CIDR), username ('$all' for everyone) and/or clientid; the
-- columns that are set must all match. access: 1 subscribe, 2 publish, 3 both. topic: a filter; a level that is
-- exactly %u or %c stands for the user name or client id; 'eq <filter>' matches the filter literally.
CREATE TABLE IF NOT EXISTS mqtt_acl (
  id bigserial PRIMARY KEY,
  allow integer DEFAULT 1,
  ipaddr varchar(60),
  username text,
  clientid text,
  access integer NOT NULL,
  topic text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS mqtt_acl_username ON mqtt_acl USING hash (username);
CREATE INDEX IF NOT EXISTS mqtt_acl_clientid ON mqtt_acl USING hash (clientid);
CREATE INDEX IF NOT EXISTS mqtt_acl_ipaddr ON mqtt_acl (ipaddr);
