package io.osprey.backend.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.osprey.api.config.ConfigReader;

/**
 * Gives raw statements and commands their {@code ${clientid}} placeholders back.
 * <p>
 * Felix FileInstall, which turns {@code etc/*.cfg} into configurations, replaces every {@code ${name}} it does not
 * know with an empty string, so {@code values (${clientid})} would arrive as {@code values ()}. The file itself still
 * has the text as written: for each value that holds a placeholder there, this takes the file's text (read as a
 * plain properties file, which substitutes nothing). {@code $\\{clientid}}, the escape FileInstall understands, works
 * too. Values set through environment variables are not affected: ConfigReader reads those itself.
 */
public final class RawValues {

    private RawValues() {
    }

    public static Map<String, ?> restorePlaceholders(Map<String, ?> properties) {
        if (properties == null) {
            return null;
        }
        Object location = properties.get(ConfigReader.FILE_PROPERTY);
        if (location == null) {
            return properties;
        }
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(toPath(location.toString()), StandardCharsets.UTF_8)) {
            raw.load(in);
        } catch (IOException | RuntimeException e) {
            return properties; // the file is gone or unreadable: take what ConfigAdmin has
        }
        Map<String, Object> out = new HashMap<>(properties);
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key).replace("$\\{", "${").trim();
            if (value.contains("${") && out.containsKey(key)) {
                out.put(key, value);
            }
        }
        return out;
    }

    private static Path toPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }
}
