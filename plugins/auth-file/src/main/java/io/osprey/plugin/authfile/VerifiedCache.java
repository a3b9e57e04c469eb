package io.osprey.plugin.authfile;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.osprey.plugin.authfile.passwd.Credentials;
import io.osprey.plugin.authfile.passwd.Entry;
import io.osprey.plugin.authfile.passwd.PasswordFile;

/**
 * Successful password verifications, remembered for {@code cache_ttl} so that a client reconnecting (a flapping
 * device, a fleet coming back after a network blip) costs a few microseconds instead of a PBKDF2 run.
 * <p>
 * What is kept per entry is an HMAC-SHA256 of the password under a random key that lives only in this object: it
 * tells whether the same password comes again, and unlike a plain hash it gives nothing to guess passwords with
 * offline. A remembered verification counts only for the very {@link Entry} it was made against, so any change of the
 * file (a new password, a removed user) makes it worthless at once; the whole cache is also dropped when a new version
 * of the file is seen, to free the memory. Failures are never cached.
 */
final class VerifiedCache {

    private record Verified(Entry entry, byte[] tag, long expiresAt) {
    }

    private static final long PURGE_EVERY_NANOS = 1_000_000_000L;

    private final SecretKeySpec key;
    private final ConcurrentHashMap<PasswordFile.Name, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime());
    private volatile Credentials version;

    VerifiedCache() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** The tag of a password, to look up and to store. */
    byte[] tag(byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * {@code true} when {@code entry} of {@code credentials} was verified with the password of {@code tag} less than
     * the TTL ago; also {@code true} for a {@code null} entry (nothing to verify).
     */
    boolean verified(Credentials credentials, Entry entry, byte[] tag, long nowNanos) {
        if (entry == null) {
            return true;
        }
        if (credentials != version) {
            version = credentials;
            verified.clear();
            return false;
        }
        Verified v = verified.get(new PasswordFile.Name(entry.kind(), entry.name()));
        return v != null && v.entry() == entry && nowNanos - v.expiresAt() < 0 && MessageDigest.isEqual(v.tag(), tag);
    }

    void put(Entry entry, byte[] tag, long nowNanos, long ttlNanos, int maxSize) {
        if (entry == null || ttlNanos <= 0 || maxSize <= 0) {
            return;
        }
        if (verified.size() >= maxSize && !purge(nowNanos, maxSize)) {
            return;
        }
        verified.put(new PasswordFile.Name(entry.kind(), entry.name()), new Verified(entry, tag, nowNanos + ttlNanos));
    }

    int size() {
        return verified.size();
    }

    void clear() {
        verified.clear();
    }

    /** Drops expired entries (at most once a second); @return whether there is room now. */
    private boolean purge(long nowNanos, int maxSize) {
        long last = lastPurge.get();
        if (nowNanos - last >= PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, nowNanos)) {
            verified.values().removeIf(v -> nowNanos - v.expiresAt() >= 0);
        }
        return verified.size() < maxSize;
    }
}
