package io.osprey.plugin.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * POSTs bodies to the url with the JDK's HTTP client: HTTP/1.1, pooled keep-alive connections (one per request in
 * flight, so at most {@code pool_size}), TLS from the {@code ssl.} keys, {@code connect_timeout} and
 * {@code request_timeout}. Never blocks the caller: the answer is a future of the status code.
 */
final class HttpTransport {

    private final HttpClient client;
    private final URI url;
    private final String[] headers;
    private final java.time.Duration timeout;

    HttpTransport(WebhookSettings s, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(s.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).executor(executor);
        if (s.ssl() != null) {
            b.sslContext(s.ssl());
        }
        this.client = b.build();
        this.url = s.url();
        this.timeout = s.requestTimeout();
        List<String> h = new ArrayList<>();
        boolean contentType = false;
        for (Map.Entry<String, String> e : s.headers()) {
            h.add(e.getKey());
            h.add(e.getValue());
            contentType |= e.getKey().equalsIgnoreCase("content-type");
        }
        if (!contentType) {
            h.add("Content-Type");
            h.add("application/json");
        }
        this.headers = h.toArray(new String[0]);
    }

    URI url() {
        return url;
    }

    /** @return the response status; completes exceptionally on connection errors and timeouts */
    CompletableFuture<Integer> post(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).headers(headers)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
