-- Osprey backend-mysql: users and ACL rows in the shape of EMQX 4's emqx_auth_mysql.
-- The plugin runs this file when it connects, if auth_query or acl_query is set and create_schema = on; every
-- statement creates only what is absent. By hand: mariadb -u root -p mqtt < etc/sql/auth-mysql.sql
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.

-- password holds the hash (see password_hash), salt the salt if any; is_superuser 1 skips ACL checks.
CREATE TABLE IF NOT EXISTS `mqtt_user` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(100) DEFAULT NULL,
  `password` varchar(255) DEFAULT NULL,
  `salt` varchar(64) DEFAULT NULL,
  `is_superuser` tinyint(1) DEFAULT 0,
  `created` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `mqtt_username` (`username`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- allow: 0 deny, 1 allow. Who: ipaddr (address or CIDR), username ('$all' for everyone) and/or clientid; the
-- columns that are set must all match. access: 1 subscribe, 2 publish, 3 both. topic: a filter; %u and %c stand
-- for the user name and client id; 'eq <filter>' matches the filter literally.
CREATE TABLE IF NOT EXISTS `mqtt_acl` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `allow` int(1) DEFAULT 1,
  `ipaddr` varchar(60) DEFAULT NULL,
  `username` varchar(100) DEFAULT NULL,
  `clientid` varchar(100) DEFAULT NULL,
  `access` int(2) NOT NULL,
  `topic` varchar(100) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `mqtt_acl_ipaddr` (`ipaddr`),
  KEY `mqtt_acl_username` (`username`),
  KEY `mqtt_acl_clientid` (`clientid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
