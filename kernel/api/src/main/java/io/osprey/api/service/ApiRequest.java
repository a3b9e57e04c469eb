package io.osprey.api.service;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** An HTTP request to an {@link ApiRoute}. */
@ProviderType
public interface ApiRequest {

    String method();

    String path();

    /** A path parameter of the route template, URL-decoded, or {@code null}. */
    String pathParam(String name);

    /** A query parameter (first value), or {@code null}. */
    String queryParam(String name);

    Map<String, String> queryParams();

    /** The raw body (empty array when none). */
    byte[] body();

    /**
     * The body parsed as JSON into maps, lists, strings, numbers and booleans.
     *
     * @throws ApiException 400 when the body is not JSON
     */
    Object jsonBody() throws ApiException;
}
