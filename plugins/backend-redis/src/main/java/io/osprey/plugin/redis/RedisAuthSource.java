package io.osprey.plugin.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.osprey.backend.auth.AclRow;
import io.osprey.backend.auth.AuthSource;
import io.osprey.backend.auth.Credentials;
import io.osprey.backend.write.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and ACL rules from Redis, in the shape of EMQX's emqx_auth_redis: {@code auth_cmd} (e.g.
 * {@code HMGET mqtt_user:%u password salt}) returns the password hash and the salt, {@code super_cmd} (e.g.
 * {@code HGET mqtt_user:%u is_superuser}) a truthy value, {@code acl_cmd} (e.g. {@code HGETALL mqtt_acl:%u}) topic →
 * access pairs (1 subscribe, 2 publish, 3 both), each an allow rule for this client.
 */
final class RedisAuthSource implements AuthSource {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAuthSource.class);

    private final Supplier<RedisConnection> redis;
    private final Supplier<RedisSettings> settings;
    private volatile long lastBadTopicLog;

    RedisAuthSource(Supplier<RedisConnection> redis, Supplier<RedisSettings> settings) {
        this.redis = redis;
        this.settings = settings;
    }

    private Object run(RedisCommand command, Credentials who) throws UnavailableException {
        return redis.get().run(new Cmd(command.name(), command.args(who), 0));
    }

    @Override
    public StoredPassword password(Credentials who) throws UnavailableException {
        RedisCommand cmd = settings.get().authCmd();
        if (cmd == null) {
            return null;
        }
        Object reply = run(cmd, who);
        if (reply instanceof List<?> l) {
            String hash = l.isEmpty() ? null : RedisLookups.text(l.get(0));
            return hash == null ? null : new StoredPassword(hash, l.size() > 1 ? RedisLookups.text(l.get(1)) : null);
        }
        String hash = RedisLookups.text(reply);
        return hash == null ? null : new StoredPassword(hash, null);
    }

    @Override
    public boolean isSuperuser(Credentials who) {
        RedisCommand cmd = settings.get().superCmd();
        if (cmd == null) {
            return false;
        }
        try {
            Object reply = run(cmd, who);
            if (reply instanceof List<?> l) {
                reply = l.isEmpty() ? null : l.get(0);
            }
            return AuthSource.truthy(RedisLookups.text(reply));
        } catch (UnavailableException e) {
            return false;
        }
    }

    @Override
    public List<AclRow> aclRows(Credentials who) throws UnavailableException {
        RedisCommand cmd = settings.get().aclCmd();
        if (cmd == null) {
            return List.of();
        }
        List<AclRow> rows = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : RedisLookups.hash(run(cmd, who)).entrySet()) {
            int access = RedisLookups.parseInt(RedisLookups.text(e.getValue()), 0);
            if (access >= 1 && access <= 3) {
                rows.add(AclRow.forEveryone(true, access, e.getKey(), this::badTopic));
            }
        }
        return rows;
    }

    /** A topic in an ACL hash that is not a valid filter makes its entry match nothing; said at most every 10 s. */
    private void badTopic(String message) {
        long now = System.currentTimeMillis();
        if (now - lastBadTopicLog > 10_000) {
            lastBadTopicLog = now;
            LOG.warn("backend-redis: {} (further messages within 10 s are not logged)", message);
        }
    }
}
