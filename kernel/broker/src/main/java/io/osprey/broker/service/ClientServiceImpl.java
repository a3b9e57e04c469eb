package io.osprey.broker.service;

import java.util.Optional;
import java.util.function.Consumer;

import io.osprey.api.ClientInfo;
import io.osprey.api.service.ClientService;
import io.osprey.broker.session.Outlet;
import io.osprey.broker.session.SessionRegistry;

/** {@link ClientService}: connected clients are the sessions owned by a connection. */
public final class ClientServiceImpl implements ClientService {

    private final SessionRegistry sessions;

    public ClientServiceImpl(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<ClientInfo> find(String clientId) {
        Outlet o = sessions.connectionOf(clientId);
        return o == null ? Optional.empty() : Optional.of(o.client());
    }

    @Override
    public int count() {
        return sessions.onlineCount();
    }

    @Override
    public void forEach(Consumer<ClientInfo> action) {
        sessions.forEach(s -> {
            Outlet o = sessions.connectionOf(s.clientId());
            if (o != null) {
                action.accept(o.client());
            }
        });
    }

    @Override
    public boolean kick(String clientId) {
        return sessions.kick(clientId);
    }

    @Override
    public boolean clearAclCache(String clientId) {
        Outlet o = sessions.connectionOf(clientId);
        if (o == null) {
            return false;
        }
        o.clearAclCache();
        return true;
    }

    @Override
    public void clearAclCache() {
        sessions.forEach(s -> {
            Outlet o = sessions.connectionOf(s.clientId());
            if (o != null) {
                o.clearAclCache();
            }
        });
    }
}
