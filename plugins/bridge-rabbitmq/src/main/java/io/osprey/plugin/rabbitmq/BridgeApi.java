package io.osprey.plugin.rabbitmq;

import io.osprey.api.service.ApiResource;
import io.osprey.bridge.core.StatusApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/v4/bridge-rabbitmq/status}: the same facts as {@code ctl bridge-rabbitmq status}, as JSON. */
@Component(service = ApiResource.class)
public final class BridgeApi extends StatusApi {

    @Activate
    public BridgeApi(@Reference BridgeManager manager) {
        super(BridgeManager.PLUGIN, manager.bridge()::status);
    }
}
