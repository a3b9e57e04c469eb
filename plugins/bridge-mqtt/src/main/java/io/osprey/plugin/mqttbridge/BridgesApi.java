package io.osprey.plugin.mqttbridge;

import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v4/bridges}, {@code GET /api/v4/bridges/{name}}, {@code PUT /api/v4/bridges/{name}/stop|start}:
 * the same as {@code ctl bridges}.
 */
@Component(service = ApiResource.class)
public final class BridgesApi implements ApiResource {

    private final Bridges bridges;

    @Activate
    public BridgesApi(@Reference Bridges bridges) {
        this.bridges = bridges;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/bridges", request -> bridges.list()),
                ApiRoute.get("/api/v4/bridges/{name}", request -> bridges.status(name(request))),
                ApiRoute.put("/api/v4/bridges/{name}/stop", request -> {
                    bridge(request).stopLink();
                    return Map.of("name", request.pathParam("name"), "state", "stopped");
                }),
                ApiRoute.put("/api/v4/bridges/{name}/start", request -> {
                    bridge(request).startLink();
                    return Map.of("name", request.pathParam("name"), "state", "started");
                }));
    }

    private String name(ApiRequest request) throws ApiException {
        bridge(request);
        return request.pathParam("name");
    }

    private MqttBridge bridge(ApiRequest request) throws ApiException {
        try {
            return bridges.get(request.pathParam("name"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }
}
