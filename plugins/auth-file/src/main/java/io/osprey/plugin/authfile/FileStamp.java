package io.osprey.plugin.authfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a cheap {@code stat} tells about the password file: whether it exists, its modification time, size and
 * identity (inode), so a poll can tell a change without reading the file. A file replaced by a rename (as
 * {@code ctl users} and most editors do) gets a new identity even within one clock tick.
 */
record FileStamp(boolean exists, FileTime modified, long size, Object fileKey) {

    static final FileStamp MISSING = new FileStamp(false, null, -1, null);

    /** A file modified this recently may change again within the same timestamp: its content is compared too. */
    private static final Duration RACY = Duration.ofSeconds(1);

    static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(true, a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }

    /**
     * {@code true} when a write in the same clock tick as the last one could leave this stamp unchanged (the
     * "racy clean" case of Git's index): the next poll then compares the content.
     */
    boolean racyAt(Instant readAt) {
        return exists && Duration.between(modified.toInstant(), readAt).compareTo(RACY) < 0;
    }

    boolean sameAs(FileStamp other) {
        return other != null && exists == other.exists && size == other.size
                && Objects.equals(modified, other.modified) && Objects.equals(fileKey, other.fileKey);
    }
}
