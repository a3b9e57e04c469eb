package io.osprey.api.service;

import org.osgi.annotation.versioning.ConsumerType;

/** Handles one API route. Runs on a management thread. */
@ConsumerType
@FunctionalInterface
public interface ApiHandler {

    /**
     * @return the {@code data} of the response (maps, lists, records, strings, numbers; {@code null} for none), or an
     *         {@link ApiPage} for a paged list
     * @throws ApiException to answer with an HTTP error status and message
     */
    Object handle(ApiRequest request) throws ApiException;
}
