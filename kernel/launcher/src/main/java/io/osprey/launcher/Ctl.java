package io.osprey.launcher;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/osprey ctl <command> [args] [--json]}: a thin client of the local node's management API. It reads the
 * API address and a token the node wrote under {@code data/} (readable only by the node's user), so no password is
 * typed. Prints the command's text (or JSON with {@code --json}); exits 1 when the command fails or the node is not
 * running.
 */
public final class Ctl {

    private Ctl() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("osprey.home", ".")).toAbsolutePath().normalize();
        System.exit(run(home, args));
    }

    static int run(Path home, String[] args) {
        Path data = home.resolve("data");
        String endpoint;
        String token;
        try {
            endpoint = Files.readString(data.resolve("ctl.endpoint"), StandardCharsets.UTF_8).trim();
            token = Files.readString(data.resolve("ctl.token"), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            System.out.println("Node is not running.");
            return 1;
        } catch (IOException e) {
            System.err.println("Cannot read the node's ctl credentials under " + data + ": " + e.getMessage()
                    + " (run ctl as the node's user)");
            return 1;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/api/v4/ctl"))
                .timeout(Duration.ofSeconds(Long.getLong("osprey.ctl.timeout", 60)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body(args), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (resp.statusCode() == 401) {
                System.err.println("The node refused the ctl token (was the node restarted from another folder?)");
                return 1;
            }
            if (resp.statusCode() != 200) {
                System.err.println("The node answered HTTP " + resp.statusCode() + ": " + resp.body());
                return 1;
            }
            System.out.print(resp.body());
            System.out.flush();
            return Integer.parseInt(resp.headers().firstValue("X-Osprey-Exit").orElse("0"));
        } catch (ConnectException e) {
            System.out.println("Node is not running.");
            return 1;
        } catch (IOException e) {
            System.out.println("Node is not running. (" + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code {"args":["clients","list"]}} with JSON string escaping. */
    static String body(String[] args) {
        StringBuilder b = new StringBuilder("{\"args\":[");
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"');
            for (char c : args[i].toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.append("]}").toString();
    }
}
