package io.tern.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of Tern's admin API (docs/operations.md#admin-api) for {@code tern admin}: one request,
 * the answer's body on success, an {@link AdminCallException} with the problem's detail and field
 * otherwise.
 */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(String url, String token) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.base = URI.create(u + "/api/v1/admin");
        this.token = token;
    }

    /** A refused or failed call, with the message to print. */
    static final class AdminCallException extends Exception {
        AdminCallException(String message) {
            super(message);
        }
    }

    /** Sends {@code method path} with {@code body} (JSON, or null) and returns the answer's body. */
    String call(String method, String path, JsonNode body) throws AdminCallException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminCallException("cannot reach the admin API at " + base + ": connection refused (is Tern"
                    + " running with an http key? --url)");
        } catch (IOException e) {
            throw new AdminCallException("cannot reach the admin API at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException("interrupted");
        }
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        throw new AdminCallException(problem(r));
    }

    /** The problem's detail and field, or the status and body when the answer is not a problem. */
    private static String problem(HttpResponse<String> r) {
        try {
            JsonNode p = JSON.readTree(r.body());
            String detail = p.path("detail").asText("");
            if (!detail.isEmpty()) {
                String field = p.path("field").asText(null);
                return detail + (field != null && !detail.startsWith(field) ? " (field: " + field + ")" : "")
                        + " [HTTP " + r.statusCode() + "]";
            }
        } catch (IOException e) {
            // not JSON: shown as it came
        }
        return "HTTP " + r.statusCode() + ": " + r.body();
    }
}
