package io.tern.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;

/** Small helpers for JSON endpoints: the request body as an object (415, 400), answers, and store futures back on the request's context. */
public final class Json {

    public static final String CONTENT_TYPE = "application/json";

    private Json() {
    }

    /** The request body as a JSON object; 415 unless it is declared {@code application/json}, 400 unless it is an object. */
    public static JsonObject requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE)) {
            throw new Problem(415, Problem.titleOf(415), "Content-Type must be " + CONTENT_TYPE + ", was "
                    + (type == null ? "absent" : "'" + type + "'"), null, null);
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new Problem(400, "Malformed JSON", "the request body is empty; a JSON object is expected", null, null);
        }
        refuseDuplicateFields(ctx.body().buffer().getBytes());
        try {
            Object v = ctx.body().buffer().toJsonValue();
            if (v instanceof JsonObject o) {
                return o;
            }
            throw new Problem(400, "Malformed JSON", "the request body must be a JSON object", null, null);
        } catch (DecodeException e) {
            throw new Problem(400, "Malformed JSON", "the request body is not valid JSON: " + parserSaid(e), null, null);
        }
    }

    private static final com.fasterxml.jackson.core.JsonFactory STRICT = com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * 400 when an object in {@code json} names a field twice ({@code {"to": "A", "to": "B"}}): the
     * decoder would keep the last one silently, and which one the client meant cannot be known.
     * Other syntax errors are left to the decoder, which reports them.
     */
    static void refuseDuplicateFields(byte[] json) {
        try (com.fasterxml.jackson.core.JsonParser p = STRICT.createParser(json)) {
            while (p.nextToken() != null) {
                // reading every token is the check
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
                throw new Problem(400, "Malformed JSON", "the request body is not valid JSON: "
                        + e.getOriginalMessage() + (at == null ? "" : " at line " + at.getLineNr()
                        + ", column " + at.getColumnNr()), null, null);
            }
        } catch (java.io.IOException e) {
            // not a duplicate: the decoder reports what is wrong
        }
    }

    /**
     * Refuses a field of {@code body} that is not one of {@code fields} (400 naming it and listing them),
     * so that a misspelt option is never silently ignored.
     */
    public static void onlyFields(JsonObject body, java.util.Set<String> fields) {
        for (String name : body.fieldNames()) {
            if (!fields.contains(name)) {
                throw Problem.invalidField(name, "unknown field; the fields are " + new java.util.TreeSet<>(fields));
            }
        }
    }

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("\\[Source: [^;\\]]*; ");

    /**
     * The parser's message about the body and where, without what only a Java developer could read:
     * Vert.x's "Failed to decode:" and Jackson's "[Source: REDACTED (`StreamReadFeature...` disabled); ".
     */
    static String parserSaid(DecodeException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Failed to decode:")) {
            m = m.substring("Failed to decode:".length());
        }
        return SOURCE.matcher(m).replaceAll("[").replace("\n at ", " at ").trim();
    }

    /** Answers {@code status} with {@code body}. */
    public static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(body.encode());
    }

    /** {@code stage} (typically a store future, completed on a store thread) as a Vert.x future completed on the request's context. */
    public static <T> Future<T> onContext(RoutingContext ctx, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
    }
}
