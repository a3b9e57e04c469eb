package io.osprey.plugin.authfile;

import java.nio.file.Path;
import java.time.Duration;

import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.authfile.passwd.PasswordHash;

/**
 * An immutable snapshot of {@code etc/osprey.auth.file.cfg}. Bad values are recorded in the reader and read as their
 * defaults; the caller decides whether to go on with them.
 *
 * @param passwordFile   the password file (relative paths are read from the node's home folder)
 * @param hashIterations PBKDF2 iterations for hashes that {@code ctl users|clientids} write; lines keep their own count
 * @param checkInterval  how often the file is checked for changes; 0: never (only {@code ctl} edits apply)
 * @param cacheTtl       how long a successful verification is remembered; 0: not at all
 * @param cacheMaxSize   at most this many remembered verifications
 * @param verifyThreads  threads that verify passwords (PBKDF2 is CPU work: keep it below the core count)
 * @param verifyQueueLen CONNECTs that may wait for a verify thread; more are refused as server busy
 */
record AuthFileSettings(Path passwordFile, int hashIterations, Duration checkInterval, Duration cacheTtl,
                        int cacheMaxSize, int verifyThreads, int verifyQueueLen) {

    static final int DEFAULT_ITERATIONS = 10_000;

    static AuthFileSettings read(ConfigReader r, Path home) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new AuthFileSettings(
                home.resolve(r.string("password_file", "etc/passwd")).normalize(),
                r.integer("hash_iterations", DEFAULT_ITERATIONS, PasswordHash.MIN_ITERATIONS,
                        PasswordHash.MAX_ITERATIONS),
                r.duration("check_interval", "1s"),
                r.duration("cache_ttl", "5m"),
                r.integer("cache_max_size", 100_000, 0, 10_000_000),
                r.integer("verify_threads", Math.max(1, cores / 2), 1, 64),
                r.integer("verify_queue_len", 1000, 1, 1_000_000));
    }
}
