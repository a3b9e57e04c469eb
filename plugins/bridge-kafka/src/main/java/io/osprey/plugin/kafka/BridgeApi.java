package io.osprey.plugin.kafka;

import io.osprey.api.service.ApiResource;
import io.osprey.bridge.core.StatusApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/v4/bridge-kafka/status}: the same facts as {@code ctl bridge-kafka status}, as JSON. */
@Component(service = ApiResource.class)
public final class BridgeApi extends StatusApi {

    @Activate
    public BridgeApi(@Reference BridgeManager manager) {
        super(BridgeManager.PLUGIN, manager.bridge()::status);
    }
}
