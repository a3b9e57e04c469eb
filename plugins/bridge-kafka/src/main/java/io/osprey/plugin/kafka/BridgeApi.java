package io.osprey.plugin.kafka;

import java.util.List;

import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.bridge.core.StatusView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/v4/bridge-kafka/status}: the same facts as {@code ctl bridge-kafka status}, as JSON. */
@Component(service = ApiResource.class)
public final class BridgeApi implements ApiResource {

    private final Bridge bridge;

    @Activate
    public BridgeApi(@Reference BridgeManager manager) {
        this.bridge = manager.bridge();
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/bridge-kafka/status", request -> StatusView.data(bridge.status())));
    }
}
