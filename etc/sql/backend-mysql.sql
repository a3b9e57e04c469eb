-- Osprey backend-mysql: the tables of EMQX 4's emqx_backend_mysql, so its reports and tools keep working.
-- The plugin runs this file when it connects (create_schema = on): every statement creates only what is absent.
-- By hand: mariadb -u root -p mqtt < etc/sql/backend-mysql.sql
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.

-- Online state of each client: state 1 online, 0 offline.
CREATE TABLE IF NOT EXISTS `mqtt_client` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `clientid` varchar(64) DEFAULT NULL,
  `state` varchar(3) DEFAULT NULL,
  `node` varchar(100) DEFAULT NULL,
  `online_at` datetime DEFAULT NULL,
  `offline_at` datetime DEFAULT NULL,
  `created` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `mqtt_client_key` (`clientid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Subscriptions the broker restores when a client connects (on_subscribe_lookup).
CREATE TABLE IF NOT EXISTS `mqtt_sub` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `clientid` varchar(64) DEFAULT NULL,
  `topic` varchar(255) DEFAULT NULL,
  `qos` int(3) DEFAULT NULL,
  `created` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `mqtt_sub_key` (`clientid`,`topic`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Stored messages (on_message_publish); id orders them and is what mqtt_acked.mid points at.
CREATE TABLE IF NOT EXISTS `mqtt_msg` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `msgid` varchar(64) DEFAULT NULL,
  `topic` varchar(1024) NOT NULL,
  `sender` varchar(1024) DEFAULT NULL,
  `node` varchar(100) DEFAULT NULL,
  `qos` int(11) NOT NULL DEFAULT '0',
  `retain` tinyint(2) DEFAULT NULL,
  `payload` longblob,
  `arrived` datetime(3) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `mqtt_msg_topic` (`topic`(191)),
  KEY `mqtt_msg_msgid` (`msgid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Retained messages, one per topic (on_message_retain, on_retain_delete, on_retain_lookup).
CREATE TABLE IF NOT EXISTS `mqtt_retain` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `topic` varchar(255) DEFAULT NULL,
  `msgid` varchar(64) DEFAULT NULL,
  `sender` varchar(100) DEFAULT NULL,
  `node` varchar(100) DEFAULT NULL,
  `qos` int(2) DEFAULT NULL,
  `payload` longblob,
  `arrived` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE KEY `mqtt_retain_key` (`topic`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Read position of each client on each subscribed topic: mid is the mqtt_msg.id acknowledged last
-- (on_message_fetch, on_message_acked).
CREATE TABLE IF NOT EXISTS `mqtt_acked` (
  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,
  `clientid` varchar(200) DEFAULT NULL,
  `topic` varchar(255) DEFAULT NULL,
  `mid` bigint(20) unsigned DEFAULT NULL,
  `created` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `mqtt_acked_key` (`clientid`,`topic`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
