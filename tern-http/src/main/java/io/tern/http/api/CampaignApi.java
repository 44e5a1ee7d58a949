package io.tern.http.api;

import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignException;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.campaign.SendWindow;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * Bulk campaigns over HTTP (docs/campaigns.md, docs/http-api.md): {@code POST /campaigns} with a
 * {@code text/csv} body or a {@code multipart/form-data} form whose {@code file} part is the CSV,
 * read as a stream (any size, a few hundred KiB of memory) and answered 201 once every row is
 * committed; list, status with live counts, rejected rows as CSV, pause, resume and cancel.
 */
final class CampaignApi {

    /** How long an upload may send nothing before it is given up. */
    private static final long IDLE_MILLIS = 60_000;
    private static final int PAGE = 1_000;

    private CampaignApi() {
    }

    /** The multipart form's part that holds the CSV. */
    static final String FILE_PART = "file";

    /** {@code POST /campaigns}: before the body handler, which would buffer the CSV. */
    static void registerUpload(Router api, ApiContext c) {
        Campaigns campaigns = c.smsc().campaigns();
        api.post("/campaigns").handler(ctx -> {
            AccountHandle a = Api.account(ctx);
            String type = ctx.request().getHeader("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("multipart/form-data")) {
                uploadForm(ctx, campaigns, a, type);
                return;
            }
            if (!lower.startsWith("text/csv")) {
                throw new Problem(415, Problem.titleOf(415), "Content-Type must be text/csv (a header line with a"
                        + " 'to' column, then one row per recipient) or multipart/form-data (the CSV in a part named '"
                        + FILE_PART + "'), was " + (type == null ? "absent" : "'" + type + "'"), null, null);
            }
            CampaignSpec spec = spec(ctx.queryParams(), a);
            BodyStream body = new BodyStream(ctx.request(), ctx.vertx().getOrCreateContext(), IDLE_MILLIS);
            upload(ctx, body, () -> campaigns.create(a.systemId(), spec, body));
        });
    }

    /** Runs {@code create}, which reads {@code body}, on a worker; answers 201 with the campaign, or the problem. */
    private static void upload(RoutingContext ctx, BodyStream body, java.util.concurrent.Callable<Campaign> create) {
        ctx.vertx().executeBlocking(create, false)
                .onSuccess(campaign -> ctx.response().putHeader("Location", Api.PREFIX + "/campaigns/" + campaign.id())
                        .setStatusCode(201).putHeader("content-type", Json.CONTENT_TYPE)
                        .end(json(campaign).encode()))
                .onFailure(e -> {
                    body.discard();
                    ctx.fail(problem(e));
                });
    }

    /**
     * A multipart form (a browser's file upload), read as a stream on the worker: the parameters are
     * the form fields before the {@value #FILE_PART} part, or the query string (a field wins); the
     * {@value #FILE_PART} part is the CSV; what follows it is read and dropped.
     */
    private static void uploadForm(RoutingContext ctx, Campaigns campaigns, AccountHandle a, String type) {
        String boundary = MultipartForm.boundary(type);
        BodyStream body = new BodyStream(ctx.request(), ctx.vertx().getOrCreateContext(), IDLE_MILLIS);
        MultipartForm form = new MultipartForm(body, boundary);
        MultiMap query = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
        upload(ctx, body, () -> {
            try {
                form.fieldsBefore(FILE_PART).forEach(query::set);
                Campaign campaign = campaigns.create(a.systemId(), spec(query, a), form.part());
                form.drain();
                return campaign;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("campaign upload cut short: " + e.getMessage(), e);
            }
        });
    }

    static void register(Router api, ApiContext c) {
        Campaigns campaigns = c.smsc().campaigns();
        api.get("/campaigns").handler(ctx -> {
            AccountHandle a = Api.account(ctx);
            int limit = intParam(ctx.queryParams(), "limit", 100, 1, 1000);
            Json.onContext(ctx, campaigns.list(a.systemId(), limit)).onSuccess(list -> {
                JsonArray out = new JsonArray();
                list.forEach(campaign -> out.add(json(campaign)));
                Json.send(ctx, 200, new JsonObject().put("campaigns", out));
            }).onFailure(e -> ctx.fail(problem(e)));
        });
        api.get("/campaigns/:id").handler(ctx -> {
            AccountHandle a = Api.account(ctx);
            long id = id(ctx);
            Json.onContext(ctx, campaigns.status(a.systemId(), id)).onSuccess(found -> {
                if (found.isEmpty()) {
                    ctx.fail(notFound(id));
                    return;
                }
                if (found.get().failed() == 0) {
                    Json.send(ctx, 200, json(found.get()));
                    return;
                }
                Json.onContext(ctx, campaigns.failureReasons(a.systemId(), id))
                        .onSuccess(reasons -> Json.send(ctx, 200, json(found.get())
                                .put("failed_by_reason", new JsonObject(new java.util.LinkedHashMap<>(reasons)))))
                        .onFailure(e -> ctx.fail(problem(e)));
            }).onFailure(e -> ctx.fail(problem(e)));
        });
        api.get("/campaigns/:id/rejected").handler(ctx -> {
            AccountHandle a = Api.account(ctx);
            long id = id(ctx);
            Json.onContext(ctx, campaigns.rejects(a.systemId(), id, 0, PAGE)).onSuccess(first -> {
                ctx.response().setChunked(true).putHeader("content-type", "text/csv; charset=utf-8")
                        .write("line,reason,row\n");
                writeRejects(ctx, campaigns, a.systemId(), id, first);
            }).onFailure(e -> ctx.fail(problem(e)));
        });
        action(api, "pause", campaigns::pause);
        action(api, "resume", campaigns::resume);
        action(api, "cancel", campaigns::cancel);
    }

    @FunctionalInterface
    private interface Action {
        java.util.concurrent.CompletableFuture<Campaign> apply(String owner, long id);
    }

    private static void action(Router api, String verb, Action action) {
        api.post("/campaigns/:id/" + verb).handler(ctx -> {
            AccountHandle a = Api.account(ctx);
            long id = id(ctx);
            Json.onContext(ctx, action.apply(a.systemId(), id))
                    .onSuccess(campaign -> Json.send(ctx, 200, json(campaign)))
                    .onFailure(e -> ctx.fail(problem(e)));
        });
    }

    /** Writes a page of rejected rows, then fetches the next, until a page is short. */
    private static void writeRejects(RoutingContext ctx, Campaigns campaigns, String owner, long id,
            List<CampaignStore.Reject> page) {
        StringBuilder b = new StringBuilder();
        long last = 0;
        for (CampaignStore.Reject r : page) {
            b.append(Campaigns.rejectLine(r)).append('\n');
            last = r.lineNo();
        }
        Future<Void> written = ctx.response().write(b.toString());
        if (page.size() < PAGE) {
            written.onComplete(v -> ctx.response().end());
            return;
        }
        long after = last;
        written.compose(v -> Json.onContext(ctx, campaigns.rejects(owner, id, after, PAGE)))
                .onSuccess(next -> writeRejects(ctx, campaigns, owner, id, next))
                .onFailure(e -> ctx.response().reset());
    }

    /** The parameters of a campaign's upload, in the query string or as form fields. */
    static final java.util.Set<String> PARAMETERS = java.util.Set.of("from", "template", "name", "rate", "start_at",
            "validity", "window", "receipt", "default_region");

    /**
     * The campaign's parameters from the query string (and a form's fields). An unknown one is refused,
     * as the messages API refuses an unknown field: a misspelt {@code rate} would send without a cap.
     */
    static CampaignSpec spec(MultiMap q, AccountHandle account) {
        for (String name : q.names()) {
            if (!PARAMETERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw Problem.invalidField(name, "unknown parameter; the parameters are "
                        + new java.util.TreeSet<>(PARAMETERS));
            }
        }
        Instant startAt = null;
        if (q.get("start_at") != null) {
            try {
                startAt = Instant.parse(q.get("start_at"));
            } catch (DateTimeParseException e) {
                throw Problem.invalidField("start_at", "not an ISO-8601 instant such as 2026-12-24T09:00:00Z or"
                        + " 2026-12-24T09:00:00+01:00: '" + q.get("start_at") + "'" + (q.get("start_at").contains(" ")
                        ? " (a '+' in a query string is read as a space: write it %2B)" : ""));
            }
        }
        Duration validity = null;
        if (q.get("validity") != null) {
            try {
                validity = Durations.parse("validity", q.get("validity"));
            } catch (ConfigException e) {
                throw Problem.invalidField("validity", e.getMessage());
            }
            if (validity.isZero()) {
                throw Problem.invalidField("validity", "validity must be longer than 0, was '" + q.get("validity") + "'");
            }
            // the account's max_validity caps each message, as for SMPP: the campaign says what applies
            Duration max = account.account().maxValidity();
            if (validity.compareTo(max) > 0) {
                validity = max;
            }
        }
        String receipt = q.get("receipt");
        if (receipt != null && !receipt.equals("true") && !receipt.equals("false")) {
            throw Problem.invalidField("receipt", "receipt: true or false, was '" + receipt + "'");
        }
        try {
            SendWindow window = q.get("window") == null ? null : SendWindow.parse(q.get("window"));
            String region = q.get("default_region") != null ? q.get("default_region") : account.account().defaultRegion();
            return new CampaignSpec(q.get("name"), q.get("from"), q.get("template"),
                    intParam(q, "rate", 0, 0, Integer.MAX_VALUE), startAt, validity, window, "true".equals(receipt),
                    region);
        } catch (CampaignException e) {
            throw problem(e);
        }
    }

    private static int intParam(MultiMap q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.invalidField(name, name + ": a whole number from " + min + " to " + max + ", was '" + v + "'");
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw notFound(ctx.pathParam("id"));
        }
    }

    private static Problem notFound(Object id) {
        return new Problem(404, "no campaign " + id + " of this account");
    }

    /** A campaign failure as problem+json: the request's fault (400, the field when the message names one), 404, 409 or 501. */
    static Problem problem(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Problem p) {
            return p;
        }
        if (cause instanceof CampaignException ce) {
            return switch (ce.kind()) {
                case INVALID -> {
                    String msg = ce.getMessage();
                    int colon = msg.indexOf(':');
                    String field = colon > 0 && msg.substring(0, colon).matches("[a-z_]+") ? msg.substring(0, colon)
                            : null;
                    yield field == null ? new Problem(400, "Invalid campaign", msg, null, null)
                            : Problem.invalidField(field, msg);
                }
                case NOT_FOUND -> new Problem(404, ce.getMessage());
                case CONFLICT -> new Problem(409, Problem.titleOf(409), ce.getMessage(), null, null);
                case UNSUPPORTED -> new Problem(501, "Not Implemented", ce.getMessage(), null, null);
            };
        }
        if (cause instanceof java.io.UncheckedIOException io) {
            return new Problem(400, "Upload cut short", io.getMessage(), null, null);
        }
        if (cause instanceof io.tern.smsc.store.StoreOverloadedException) {
            return new Problem(503, Problem.titleOf(503), "the store cannot take the campaign now: "
                    + cause.getMessage(), null, 5L);
        }
        return new Problem(500, "internal error; the server log has the details");
    }

    static JsonObject json(Campaign c) {
        CampaignSpec s = c.spec();
        JsonObject o = new JsonObject().put("id", c.id()).put("state", c.state().name().toLowerCase(Locale.ROOT))
                .put("from", s.from()).put("template", s.template()).put("rate", s.rate())
                .put("receipt", s.receipt()).put("created_at", c.createdAt().toString())
                .put("total", c.total()).put("accepted", c.accepted()).put("rejected", c.rejected());
        if (s.name() != null) {
            o.put("name", s.name());
        }
        if (s.startAt() != null) {
            o.put("start_at", s.startAt().toString());
        }
        if (s.validity() != null) {
            o.put("validity", io.tern.smsc.config.Durations.format(s.validity()));
        }
        if (s.window() != null) {
            o.put("window", s.window().toString());
        }
        if (s.defaultRegion() != null) {
            o.put("default_region", s.defaultRegion());
        }
        if (c.finishedAt() != null) {
            o.put("finished_at", c.finishedAt().toString());
        }
        return o;
    }

    static JsonObject json(CampaignStatus s) {
        return json(s.campaign()).put("pending", s.pending()).put("sent", s.sent()).put("delivered", s.delivered())
                .put("failed", s.failed()).put("expired", s.expired()).put("cancelled", s.cancelled())
                .put("done", s.done());
    }
}
