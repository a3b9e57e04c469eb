package io.osprey.api.service;

import java.util.Optional;
import java.util.function.Consumer;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ProviderType;

/** Look up and kick connected clients. Safe to call from any thread. */
@ProviderType
public interface ClientService {

    /** The connected client with this id on this node. */
    Optional<ClientInfo> find(String clientId);

    /** The number of connected clients. */
    int count();

    /** Calls {@code action} for each connected client (a weakly consistent view; clients may come and go). */
    void forEach(Consumer<ClientInfo> action);

    /**
     * Disconnects the client (MQTT 5 clients get DISCONNECT 0x98 Administrative action) and ends its session.
     *
     * @return {@code false} when no such client is connected
     */
    boolean kick(String clientId);

    /**
     * Forgets the cached ACL decisions of one connected client ({@code ctl acl cache-clean <clientid>}); an ACL
     * plugin whose rules changed calls {@link #clearAclCache()}.
     *
     * @return {@code false} when no such client is connected
     */
    boolean clearAclCache(String clientId);

    /** Forgets the cached ACL decisions of every connected client. */
    void clearAclCache();
}
