package io.osprey.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.osprey.api.service.ApiRoute;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable();
    private final ApiRoute plugin = ApiRoute.get("/api/v4/plugins/{name}", r -> "one");
    private final ApiRoute load = ApiRoute.put("/api/v4/plugins/{name}/load", r -> "load");
    private final ApiRoute client = ApiRoute.get("/api/v4/clients/{clientid}", r -> "client");

    RouteTableTest() {
        table.add(List.of(plugin, load, client));
    }

    @Test
    void parameterSegment_isCapturedAndUrlDecoded() {
        RouteTable.Match m = table.match("GET", "/api/v4/clients/dev%2F1%20a");
        assertThat(m.route()).isSameAs(client);
        assertThat(m.params()).containsEntry("clientid", "dev/1 a");
    }

    @Test
    void methodAndSegmentCount_mustMatch() {
        assertThat(table.match("PUT", "/api/v4/plugins/hello/load").route()).isSameAs(load);
        assertThat(table.match("GET", "/api/v4/plugins/hello/load")).isNull();
        assertThat(table.pathExists("/api/v4/plugins/hello/load")).isTrue();
        assertThat(table.match("GET", "/api/v4/nothing")).isNull();
    }

    @Test
    void removedRoutes_stopMatching() {
        table.remove(List.of(client));
        assertThat(table.match("GET", "/api/v4/clients/x")).isNull();
    }
}
