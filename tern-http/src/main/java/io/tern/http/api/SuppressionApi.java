package io.tern.http.api;

import io.tern.smsc.optout.SuppressionList;
import io.tern.smsc.store.Suppression;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The account's suppression list (opt-out, docs/http-api.md "Opt-out"): {@code GET /suppressions}
 * pages through it (JSON, or all of it as CSV with {@code Accept: text/csv}), {@code POST} adds
 * numbers (a JSON object, or a CSV body to import), {@code DELETE /suppressions/{number}} removes
 * one. Every change is committed before the answer.
 */
final class SuppressionApi {

    static final String CSV = "text/csv";
    /** Numbers per page when the request does not say, and at most. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Numbers per store transaction of a CSV import, and per page of a CSV export. */
    private static final int BATCH = 1000;
    /** A number as the API takes it: E.164 digits with an optional '+' (SMPP addresses hold 20 characters). */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");

    private SuppressionApi() {
    }

    static void register(Router api, ApiContext c) {
        SuppressionList list = c.smsc().suppressions();
        api.get("/suppressions").handler(ctx -> {
            String account = Api.account(ctx).systemId();
            if (wantsCsv(ctx)) {
                exportCsv(ctx, list, account);
                return;
            }
            int limit = limit(ctx);
            String after = ctx.request().getParam("after");
            Json.onContext(ctx, list.page(account, after, limit)).onSuccess(page -> {
                JsonArray items = new JsonArray();
                for (Suppression s : page) {
                    items.add(new JsonObject().put("number", s.number()).put("added_at", s.addedAt().toString())
                            .put("reason", s.reason()));
                }
                Json.send(ctx, 200, new JsonObject().put("suppressions", items)
                        .put("next", page.size() == limit ? page.get(page.size() - 1).number() : null));
            }).onFailure(ctx::fail);
        });
        api.post("/suppressions").handler(ctx -> {
            String account = Api.account(ctx).systemId();
            boolean csv = isCsv(ctx);
            JsonObject body = csv ? null : Json.requireJson(ctx);
            List<String> numbers = csv ? csvNumbers(ctx) : jsonNumbers(body);
            String reason = csv ? "import" : reason(body.getValue("reason"));
            Future<Integer> added = Future.succeededFuture(0);
            for (int from = 0; from < numbers.size(); from += BATCH) {
                List<String> batch = numbers.subList(from, Math.min(numbers.size(), from + BATCH));
                added = added.compose(n -> Json.onContext(ctx, list.add(account, batch, reason)).map(m -> n + m));
            }
            added.onSuccess(n -> Json.send(ctx, 201, new JsonObject().put("added", n)
                    .put("already_listed", numbers.size() - n))).onFailure(ctx::fail);
        });
        api.delete("/suppressions/:number").handler(ctx -> {
            String account = Api.account(ctx).systemId();
            String number = number(ctx.pathParam("number"), "number");
            Json.onContext(ctx, list.remove(account, number)).onSuccess(removed -> {
                if (!removed) {
                    ctx.fail(new Problem(404, "'" + number + "' is not on the suppression list of " + account));
                    return;
                }
                ctx.response().setStatusCode(204).end();
            }).onFailure(ctx::fail);
        });
    }

    private static boolean wantsCsv(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(CSV);
    }

    private static boolean isCsv(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(CSV);
    }

    private static int limit(RoutingContext ctx) {
        String s = ctx.request().getParam("limit");
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + s + "'");
    }

    /** {@code text} as a listed number, or a 400 naming {@code field}. */
    private static String number(String text, String field) {
        String t = text == null ? "" : text.trim();
        if (!NUMBER.matcher(t).matches()) {
            throw Problem.invalidField(field, "must be a number in international form (digits, optionally after '+'),"
                    + " was '" + text + "'");
        }
        return Suppression.normalise(t);
    }

    private static final java.util.Set<String> FIELDS = java.util.Set.of("number", "numbers", "reason");

    /** {@code {"number": "..."}} or {@code {"numbers": [...]}}, with an optional {@code reason}. */
    private static List<String> jsonNumbers(JsonObject body) {
        Json.onlyFields(body, FIELDS);
        List<String> rows = new ArrayList<>();
        Object one = body.getValue("number");
        Object many = body.getValue("numbers");
        if ((one == null) == (many == null)) {
            throw Problem.invalidField("number", "give either number (a string) or numbers (a list of strings)");
        }
        if (one != null) {
            rows.add(number(string(one, "number"), "number"));
        } else if (many instanceof JsonArray a && !a.isEmpty() && a.size() <= MAX_LIMIT) {
            for (int i = 0; i < a.size(); i++) {
                String field = "numbers[" + i + "]";
                rows.add(number(string(a.getValue(i), field), field));
            }
        } else {
            throw Problem.invalidField("numbers", "must be a list of 1 to " + MAX_LIMIT + " numbers");
        }
        return rows;
    }

    private static String string(Object v, String field) {
        if (v instanceof String s) {
            return s;
        }
        throw Problem.invalidField(field, "must be a string, was " + v);
    }

    private static String reason(Object v) {
        if (v == null) {
            return "api";
        }
        if (v instanceof String s && !s.isBlank() && s.length() <= 100) {
            return s.trim();
        }
        throw Problem.invalidField("reason", "must be a text of 1 to 100 characters");
    }

    /**
     * A CSV import: one number per line in the first column; a first line whose first column is
     * not a number is a header and skipped; empty lines are skipped.
     */
    private static List<String> csvNumbers(RoutingContext ctx) {
        String text = ctx.body() == null || ctx.body().buffer() == null ? ""
                : ctx.body().buffer().toString(StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String first = lines[i].split(",", 2)[0].trim();
            if (first.startsWith("\"") && first.endsWith("\"") && first.length() >= 2) {
                first = first.substring(1, first.length() - 1).trim();
            }
            if (first.isEmpty() || (i == 0 && !NUMBER.matcher(first).matches())) {
                continue;
            }
            rows.add(number(first, "line " + (i + 1)));
        }
        if (rows.isEmpty()) {
            throw new Problem(400, "Invalid CSV", "the CSV body holds no numbers (one per line, first column)", null,
                    null);
        }
        return rows;
    }

    /** The whole list as CSV, written page by page: never all of it in memory. */
    private static void exportCsv(RoutingContext ctx, SuppressionList list, String account) {
        ctx.response().setChunked(true).putHeader("content-type", CSV + "; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"suppressions-" + account + ".csv\"");
        ctx.response().write("number,added_at,reason\n");
        exportFrom(ctx, list, account, null);
    }

    private static void exportFrom(RoutingContext ctx, SuppressionList list, String account, String after) {
        Json.onContext(ctx, list.page(account, after, BATCH)).onSuccess(page -> {
            StringBuilder out = new StringBuilder();
            for (Suppression s : page) {
                out.append(s.number()).append(',').append(s.addedAt()).append(',')
                        .append(csvField(s.reason())).append('\n');
            }
            if (page.size() < BATCH) {
                ctx.response().end(out.toString());
            } else {
                ctx.response().write(out.toString())
                        .onSuccess(v -> exportFrom(ctx, list, account, page.get(page.size() - 1).number()))
                        .onFailure(e -> ctx.response().reset());
            }
        }).onFailure(e -> ctx.response().reset());
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
