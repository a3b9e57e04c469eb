package io.osprey.plugin.license;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.ConnectReason;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.ClientConnack;
import io.osprey.api.hook.ClientConnect;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.hook.ConnectResult;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.MetricsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Enforces the license on {@code client.connect}, first in the chain (ranking {@value #RANKING}), before any
 * authenticator spends work on a connection that cannot be accepted:
 * <ul>
 * <li>license expired: every new connection is refused;</li>
 * <li>a client whose id is connected right now takes over its own connection: accepted even at the limit, since the
 * old connection closes and the count does not grow;</li>
 * <li>otherwise a new connection (including one that resumes an offline session) needs a free place under the
 * limit: the license's {@code max_connections}, or the fallback limit while no license is in force.</li>
 * </ul>
 * Refusals get CONNACK Quota exceeded (MQTT 5: 0x97; 3.1.1: 0x03 Server unavailable), are counted in the metrics
 * {@code license.refused.quota} / {@code license.refused.expired}, and logged (rate-limited). Connected clients are
 * never disconnected by the license.
 * <p>
 * A place reserved here is given back as soon as the CONNECT is refused later (a wrong password, a ban, a will the
 * ACL denies: any CONNACK with a failure code), so refused clients cannot keep legitimate ones out.
 */
@Component(service = {ClientConnect.class, ClientConnected.class, ClientConnack.class},
        property = "service.ranking:Integer=" + ConnectionQuota.RANKING)
public final class ConnectionQuota implements ClientConnect, ClientConnected, ClientConnack {

    /** The documented order of the license hook: before authenticators (0) and the file modules (-1). */
    static final int RANKING = 1000;
    static final String REFUSED_QUOTA = "license.refused.quota";
    static final String REFUSED_EXPIRED = "license.refused.expired";

    private final LicenseManager licenses;
    private final ClientService clients;
    private final MetricsService metrics;
    private final Admissions admissions = new Admissions();
    private final RefusalLog log = new RefusalLog();

    @Activate
    public ConnectionQuota(@Reference LicenseManager licenses, @Reference ClientService clients,
                           @Reference MetricsService metrics) {
        this.licenses = licenses;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<ConnectResult> onConnect(ConnectRequest request) {
        Entitlement e = licenses.current();
        Instant now = Instant.now();
        ClientInfo client = request.client();
        if (e.status(now) == Entitlement.Status.EXPIRED) {
            return refuse(client, REFUSED_EXPIRED, "License expired",
                    "the license " + e.license().id() + " expired at " + e.license().expiry());
        }
        if (clients.find(client.clientId()).isPresent()) {
            return ConnectResult.proceed();
        }
        int limit = e.maxConnections(now);
        if (!admissions.tryAdmit(client, clients.count(), limit, System.nanoTime())) {
            return refuse(client, REFUSED_QUOTA, "Connection limit of the license reached",
                    "the limit of " + limit + " connections is reached (" + (e.status(now) == Entitlement.Status.VALID
                    ? "license " + e.license().id() : "fallback: no license in force") + ")");
        }
        return ConnectResult.proceed();
    }

    @Override
    public void onConnected(ClientInfo client) {
        admissions.release(client);
    }

    @Override
    public void onConnack(ClientInfo client, int reasonCode, List<UserProperty> userProperties) {
        if (reasonCode != 0) {
            admissions.release(client); // refused after this hook admitted it
        }
    }

    /** @param toClient the MQTT 5 reason string; {@code detail} (limit, license id) goes to the log only */
    private CompletionStage<ConnectResult> refuse(ClientInfo client, String counter, String toClient, String detail) {
        metrics.increment(counter, 1);
        log.refused(client.clientId(), client.peerHost(), detail);
        return ConnectResult.reject(ConnectReason.QUOTA_EXCEEDED, toClient).stage();
    }
}
