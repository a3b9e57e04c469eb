/**
 * Reading component configuration the Osprey way: values from ConfigAdmin (fed from {@code etc/*.cfg}), overridden
 * by {@code OSPREY_<NAME>__<KEY>} environment variables, with units ({@code 15s}, {@code 1MB}) and errors that name
 * the file, line, key, value and what was expected. Kernel components and plugins use the same reader.
 */
@Export
@Version("1.0.0")
package io.osprey.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
