/**
 * Value types shared by the kernel and plugins: clients, messages, subscription options, reason codes.
 * <p>
 * Everything in {@code io.osprey.api.*} is the plugin contract and follows OSGi semantic versioning.
 */
@Export
@Version("1.1.0")
package io.osprey.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
