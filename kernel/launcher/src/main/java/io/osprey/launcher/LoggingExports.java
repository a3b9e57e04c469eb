package io.osprey.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * SLF4J and Logback run on the launcher's class path, not as bundles: they are configured while Felix boots, their
 * classes come from the class-data-sharing archive, and SLF4J finds Logback with the plain {@code ServiceLoader}
 * (as bundles they need a ServiceLoader mediator such as SPI Fly, which weaves every class a bundle loads). The
 * system bundle exports their packages exactly as their own OSGi manifests declare them, so bundles importing
 * {@code org.slf4j} (2.x, and 1.7 for older libraries) resolve unchanged.
 */
public final class LoggingExports {

    private static final Set<String> LOGGING_BUNDLES = Set.of("slf4j.api", "ch.qos.logback.core",
            "ch.qos.logback.classic");

    private LoggingExports() {
    }

    /**
     * The {@code Export-Package} clauses of the logging jars on the class path, comma separated (also used by the
     * OSGi integration test to boot Felix as the launcher does).
     */
    public static String exports() throws IOException {
        List<String> clauses = new ArrayList<>();
        Enumeration<URL> manifests = LoggingExports.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                String name = main.getValue("Bundle-SymbolicName");
                String exports = main.getValue("Export-Package");
                if (name != null && exports != null && LOGGING_BUNDLES.contains(name.split(";")[0].trim())) {
                    clauses.add(exports);
                }
            }
        }
        if (clauses.size() != LOGGING_BUNDLES.size()) {
            throw new IOException("expected the manifests of " + LOGGING_BUNDLES + " on the class path, found "
                    + clauses.size());
        }
        return String.join(",", clauses);
    }

    /** Reads the logging configuration on its own thread, while Felix boots (it costs a few hundred ms). */
    static void initInBackground() {
        Thread t = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "osprey-logging-init");
        t.setDaemon(true);
        t.start();
    }
}
