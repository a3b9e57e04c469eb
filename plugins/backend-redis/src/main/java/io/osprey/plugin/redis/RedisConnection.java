package io.osprey.plugin.redis;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.osprey.backend.BackendRuntime;
import io.osprey.backend.config.HostPort;
import io.osprey.backend.write.Health;
import io.osprey.backend.write.UnavailableException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connection to Redis — a single node, a master found through Sentinel, or a Cluster — through one Jedis client
 * with a pool of {@code pool_size} connections (per node in a Cluster), and what the plugin knows of its health.
 * <p>
 * The client is made at the first use, not when the plugin starts, because Sentinel and Cluster clients ask the
 * servers for their topology when they are made: the plugin starts while Redis is down, and tries again on the next
 * use. Replies are read as RESP2 (arrays, bulk strings), whatever the server's default.
 */
final class RedisConnection implements AutoCloseable {

    private final RedisSettings settings;
    private final Health health;
    private final ExecutorService pipelineWorkers;
    private volatile UnifiedJedis client;

    RedisConnection(RedisSettings settings) {
        this.settings = settings;
        this.health = new Health("backend-redis", "Redis", settings.target(),
                settings.common().retryInterval().toMillis());
        // a Cluster pipeline is sent to each node by these threads (Jedis would make a pool per sync otherwise)
        this.pipelineWorkers = settings.type().equals("cluster")
                ? Executors.newFixedThreadPool(2, BackendRuntime.threads("osprey-backend-redis-pipeline-")) : null;
    }

    Health health() {
        return health;
    }

    /** Runs one command; for queries that must not wait for a server known to be down. */
    Object run(Cmd cmd) throws UnavailableException {
        if (!health.mayTry()) {
            throw new UnavailableException("Redis is unreachable: " + health.lastError(), null);
        }
        try {
            Object reply = client().executeCommand(cmd.object());
            health.markUp();
            return reply;
        } catch (JedisDataException e) {
            health.markUp(); // the server answered, with an error about the command
            throw new UnavailableException(e.getMessage(), e);
        } catch (JedisException e) {
            throw down(e);
        }
    }

    /** A pipeline for the writer (which retries by itself: always tries). */
    AbstractPipeline pipeline() throws UnavailableException {
        try {
            UnifiedJedis c = client();
            return c instanceof RedisClusterClient cluster ? cluster.pipelined(pipelineWorkers) : c.pipelined();
        } catch (JedisException e) {
            throw down(e);
        }
    }

    /** Records a failure reaching the server and says so. */
    UnavailableException down(JedisException e) {
        String why = Health.rootMessage(e);
        health.markDown(why);
        return new UnavailableException(why, e);
    }

    private UnifiedJedis client() {
        UnifiedJedis c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                Thread t = Thread.currentThread();
                ClassLoader previous = t.getContextClassLoader();
                t.setContextClassLoader(RedisConnection.class.getClassLoader());
                try {
                    client = create();
                } finally {
                    t.setContextClassLoader(previous);
                }
            }
            return client;
        }
    }

    private UnifiedJedis create() {
        JedisClientConfig config = clientConfig(settings.database(), true);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.common().poolSize());
        pool.setMaxIdle(settings.common().poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(Math.max(250, settings.common().connectTimeout().toMillis())));
        pool.setJmxEnabled(false);
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (HostPort hp : settings.servers()) {
            nodes.add(new HostAndPort(hp.host(), hp.port()));
        }
        return switch (settings.type()) {
            case "sentinel" -> RedisSentinelClient.builder().masterName(settings.sentinel()).sentinels(nodes)
                    .clientConfig(config).sentinelClientConfig(clientConfig(0, false)).poolConfig(pool).build();
            case "cluster" -> RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool)
                    .maxAttempts(3).maxTotalRetriesDuration(settings.common().queryTimeout()).build();
            default -> RedisClient.builder().hostAndPort(nodes.iterator().next()).clientConfig(config)
                    .poolConfig(pool).build();
        };
    }

    /** @param data for the data nodes (credentials, database), else for sentinels */
    private JedisClientConfig clientConfig(int database, boolean data) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis((int) Math.max(100, settings.common().connectTimeout().toMillis()))
                .socketTimeoutMillis((int) Math.max(100, settings.common().queryTimeout().toMillis()))
                .clientName("osprey-backend-redis");
        if (data) {
            b.database(database);
            if (!settings.password().isEmpty()) {
                b.password(settings.password());
                if (!settings.username().isEmpty()) {
                    b.user(settings.username());
                }
            }
        }
        if (settings.ssl()) {
            b.ssl(true).sslSocketFactory(sslSocketFactory());
            if (settings.sslVerify()) {
                SSLParameters p = new SSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                b.sslParameters(p);
            }
        }
        return b.build();
    }

    private SSLSocketFactory sslSocketFactory() {
        try {
            TrustManager[] trust;
            if (!settings.sslVerify()) {
                trust = new TrustManager[] {new TrustEverything()};
            } else if (settings.sslCaCertFile().isEmpty()) {
                trust = null; // the JVM's trusted CAs
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(Path.of(settings.sslCaCertFile()))) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + i++, c);
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trust, null);
            return ctx.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalArgumentException("ssl.cacertfile " + settings.sslCaCertFile() + ": " + e.getMessage(), e);
        }
    }

    /** ssl.verify = verify_none: encrypted, the server's certificate not checked. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** State for {@code ctl backend-redis status}. */
    Map<String, Object> status() {
        Map<String, Object> s = health.status();
        s.put("pool_size", settings.common().poolSize());
        s.put("mode", settings.type());
        return s;
    }

    @Override
    public void close() {
        UnifiedJedis c = client;
        if (c != null) {
            c.close();
        }
        if (pipelineWorkers != null) {
            pipelineWorkers.shutdownNow();
        }
    }
}
