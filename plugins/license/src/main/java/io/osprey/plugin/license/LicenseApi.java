package io.osprey.plugin.license;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.MetricsService;
import io.osprey.plugin.license.format.LicenseException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v4/license} (also {@code /api/v4/license/info}): what {@code ctl license info} shows.
 * {@code POST /api/v4/license/upload}: installs the license in the body, either the file as is
 * ({@code curl --data-binary @osprey.lic}) or JSON {@code {"license":"<file text>"}}; answers the new info, or 400
 * with the reason the license was rejected.
 */
@Component(service = ApiResource.class)
public final class LicenseApi implements ApiResource {

    private final LicenseManager licenses;
    private final MetricsService metrics;

    @Activate
    public LicenseApi(@Reference LicenseManager licenses, @Reference MetricsService metrics) {
        this.licenses = licenses;
        this.metrics = metrics;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/license", r -> LicenseView.of(licenses, metrics)),
                ApiRoute.get("/api/v4/license/info", r -> LicenseView.of(licenses, metrics)),
                ApiRoute.post("/api/v4/license/upload", this::upload));
    }

    private Object upload(ApiRequest request) throws ApiException {
        byte[] body = request.body();
        if (new String(body, StandardCharsets.UTF_8).stripLeading().startsWith("{")) {
            if (!(request.jsonBody() instanceof Map<?, ?> json) || !(json.get("license") instanceof String text)) {
                throw ApiException.badRequest("expected the license file as the body, or JSON {\"license\": "
                        + "\"<file text>\"}");
            }
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        if (body.length == 0) {
            throw ApiException.badRequest("no license in the body");
        }
        try {
            licenses.install(body, "upload");
        } catch (LicenseException e) {
            throw ApiException.badRequest("License not installed: " + e.getMessage());
        }
        return LicenseView.of(licenses, metrics);
    }
}
