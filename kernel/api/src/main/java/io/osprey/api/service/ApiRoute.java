package io.osprey.api.service;

import java.util.Objects;

/**
 * One route: an HTTP method and a path template such as {@code /api/v4/clients/{clientid}} (segments in braces are
 * path parameters, URL-decoded).
 */
public record ApiRoute(String method, String path, ApiHandler handler) {

    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        method = method.toUpperCase(java.util.Locale.ROOT);
    }

    public static ApiRoute get(String path, ApiHandler handler) {
        return new ApiRoute("GET", path, handler);
    }

    public static ApiRoute post(String path, ApiHandler handler) {
        return new ApiRoute("POST", path, handler);
    }

    public static ApiRoute put(String path, ApiHandler handler) {
        return new ApiRoute("PUT", path, handler);
    }

    public static ApiRoute delete(String path, ApiHandler handler) {
        return new ApiRoute("DELETE", path, handler);
    }
}
