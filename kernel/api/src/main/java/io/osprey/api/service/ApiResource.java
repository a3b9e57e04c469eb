package io.osprey.api.service;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * HTTP API routes contributed to the management API, registered as an OSGi service (whiteboard). Routes are served
 * under the management listener with its authentication; responses are wrapped in EMQX v4's shape
 * {@code {"code":0,"data":…}}. The routes disappear when the service is unregistered.
 */
@ConsumerType
public interface ApiResource {

    List<ApiRoute> routes();
}
