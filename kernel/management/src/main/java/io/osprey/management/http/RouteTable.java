package io.osprey.management.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.ApiRoute;

/**
 * Matches a method and path against route templates such as {@code /api/v4/clients/{clientid}}. Literal segments
 * beat parameters, so {@code /api/v4/plugins/{name}/load} and {@code /api/v4/plugins/{name}} coexist.
 */
public final class RouteTable {

    /** A matched route and its path parameters. */
    public record Match(ApiRoute route, Map<String, String> params) {
    }

    private volatile List<ApiRoute> routes = List.of();

    public synchronized void add(List<ApiRoute> more) {
        List<ApiRoute> copy = new ArrayList<>(routes);
        copy.addAll(more);
        routes = copy;
    }

    public synchronized void remove(List<ApiRoute> gone) {
        List<ApiRoute> copy = new ArrayList<>(routes);
        copy.removeAll(gone);
        routes = copy;
    }

    /** @return the best match, or {@code null}; {@link #pathExists} tells 404 from 405 */
    public Match match(String method, String path) {
        String[] parts = split(path);
        Match best = null;
        int bestLiterals = -1;
        for (ApiRoute r : routes) {
            if (!r.method().equals(method)) {
                continue;
            }
            String[] template = split(r.path());
            if (template.length != parts.length) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < template.length && ok; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    params.put(t.substring(1, t.length() - 1), URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
                } else if (t.equals(parts[i])) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            if (ok && literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        return best;
    }

    public boolean pathExists(String path) {
        for (String m : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            if (match(m, path) != null) {
                return true;
            }
        }
        return false;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
