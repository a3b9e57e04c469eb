package io.osprey.plugin.license;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.osprey.api.ClientInfo;
import io.osprey.api.service.ClientService;

/** A {@link ClientService} that only knows how many clients are connected. */
final class CountingClients implements ClientService {

    final AtomicInteger count = new AtomicInteger();

    @Override
    public Optional<ClientInfo> find(String clientId) {
        return Optional.empty();
    }

    @Override
    public int count() {
        return count.get();
    }

    @Override
    public void forEach(Consumer<ClientInfo> action) {
    }

    @Override
    public boolean kick(String clientId) {
        return false;
    }

    @Override
    public boolean clearAclCache(String clientId) {
        return false;
    }

    @Override
    public void clearAclCache() {
    }
}
