package io.osprey.api.service;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Facts about this node that plugins need: its name (EMQX's {@code node} field), version and folders. */
@ProviderType
public interface NodeInfo {

    /** {@code node.name}, e.g. {@code osprey@127.0.0.1}. */
    String name();

    String version();

    /** Where a plugin keeps its own files: {@code data/<plugin>/}, created on demand. */
    Path dataDir(String plugin);

    /** The configuration folder ({@code etc/}). */
    Path etcDir();
}
