package io.osprey.broker.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.osprey.api.service.NodeInfo;
import io.osprey.broker.Broker;

/** {@link NodeInfo} from the broker's settings and the node's home folder. */
public final class NodeInfoImpl implements NodeInfo {

    private final Broker broker;

    public NodeInfoImpl(Broker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return broker.nodeName();
    }

    @Override
    public String version() {
        return broker.version();
    }

    @Override
    public Path dataDir(String plugin) {
        if (plugin.isBlank() || plugin.contains("/") || plugin.contains("..")) {
            throw new IllegalArgumentException("not a plugin name: " + plugin);
        }
        Path dir = broker.settings().dataDir().resolve(plugin);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public Path etcDir() {
        return broker.home().resolve("etc");
    }
}
