package io.osprey.bridge.core;

import java.util.List;
import java.util.function.Supplier;

import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;

/**
 * {@code GET /api/v4/<bridge>/status}: the same facts as {@code ctl <bridge> status}, as JSON. A bridge plugin
 * registers a subclass as a Declarative Services component providing {@link ApiResource}.
 */
public class StatusApi implements ApiResource {

    private final String name;
    private final Supplier<BridgeStatus> status;

    /** @param name the plugin's name, e.g. {@code bridge-kafka} */
    public StatusApi(String name, Supplier<BridgeStatus> status) {
        this.name = name;
        this.status = status;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/" + name + "/status", request -> StatusView.data(status.get())));
    }
}
