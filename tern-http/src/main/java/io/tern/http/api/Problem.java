package io.tern.http.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An error answer of the HTTP API as RFC 9457 problem details ({@code application/problem+json}):
 * {@code status}, a short {@code title} for the kind of problem, a {@code detail} saying what was
 * wrong with this request, and {@code field} naming the request field at fault when there is one.
 * Throw it from a handler ({@code ctx.fail(problem)} or a plain {@code throw}); the API's failure
 * handler writes it.
 */
public final class Problem extends RuntimeException {

    public static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String title;
    private final String field;
    private final Long retryAfterSeconds;

    public Problem(int status, String title, String detail, String field, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem(int status, String detail) {
        this(status, titleOf(status), detail, null, null);
    }

    /**
     * 400: the request field {@code field} (a JSON path such as {@code to[2]}) is invalid, and why. The
     * detail starts with the field's name once, also when {@code detail} already does (a campaign's or
     * the configuration's own messages name their field).
     */
    public static Problem invalidField(String field, String detail) {
        return new Problem(400, "Invalid request field", detail.startsWith(field + ": ") ? detail : field + ": " + detail,
                field, null);
    }

    /** 429 with a Retry-After of {@code seconds}. */
    public static Problem tooMany(String detail, long seconds) {
        return new Problem(429, titleOf(429), detail, null, Math.max(1, seconds));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", getMessage());
        if (field != null) {
            j.put("field", field);
        }
        return j;
    }

    /** Writes this problem as the response (if nothing was written yet). */
    public void send(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (retryAfterSeconds != null) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (status == 401) {
            // a refused bearer token is answered with the Bearer challenge only: a Basic one would make
            // a browser (the dashboard's fetch calls) open its password dialog instead of failing
            String sent = ctx.request().getHeader("Authorization");
            boolean bearer = sent != null && sent.regionMatches(true, 0, "Bearer ", 0, 7);
            ctx.response().putHeader("WWW-Authenticate", bearer ? "Bearer realm=\"tern\", error=\"invalid_token\""
                    : "Basic realm=\"tern\", Bearer realm=\"tern\"");
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(toJson().encode());
    }

    /** The standard reason phrase of an HTTP status, as a problem title. */
    public static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error " + status;
        };
    }
}
