/**
 * Services the kernel offers plugins (publish, clients, subscriptions, metrics) and the whiteboard contracts through
 * which plugins add {@code ctl} commands ({@link io.osprey.api.service.Command}) and HTTP API routes
 * ({@link io.osprey.api.service.ApiResource}). Whiteboard services disappear with the plugin that registered them.
 */
@Export
@Version("1.0.0")
package io.osprey.api.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
