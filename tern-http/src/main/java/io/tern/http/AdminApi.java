package io.tern.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.http.api.AllowedMethods;
import io.tern.http.api.Api;
import io.tern.http.api.ApiKeys;
import io.tern.http.api.Problem;
import io.tern.smsc.account.CidrRange;
import io.tern.smsc.admin.AdminException;
import io.tern.smsc.admin.AdminTokens;
import io.tern.smsc.admin.Administration;
import io.tern.smsc.admin.AuditEntry;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.StoreException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /api/v1/admin/} (docs/operations.md#admin-api): accounts, routes,
 * connectors, connector groups, distribution lists, handset presence and replies, the audit log and the export, over
 * {@link Administration}. Only clients from {@code http.admin_allowed_ips} (loopback by default) are
 * answered, and only with a bearer token of the data directory's {@link AdminTokens}; the token's
 * name is the actor in the audit log. Every operation runs on a worker thread (bcrypt, JDBC), never
 * on the event loop. Errors are RFC 9457 problem details naming the field at fault.
 */
final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    static final String PREFIX = "/api/v1/admin";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Administration admin;
    private final Smsc smsc;
    private final AdminTokens tokens;
    private final List<CidrRange> allowed;
    private final long maxBodySize;
    private final TernMetrics metrics;

    AdminApi(Administration admin, Smsc smsc, AdminTokens tokens, List<CidrRange> allowed, long maxBodySize,
            TernMetrics metrics) {
        this.metrics = metrics;
        this.admin = admin;
        this.smsc = smsc;
        this.tokens = tokens;
        this.allowed = List.copyOf(allowed);
        this.maxBodySize = maxBodySize;
    }

    /** What an operation answers: a status and a JSON body (null: no content) or a text one. */
    private record Reply(int status, Object body, String contentType) {
        static Reply ok(Object body) {
            return new Reply(200, body, JSON);
        }

        static Reply created(Object body) {
            return new Reply(201, body, JSON);
        }

        static Reply noContent() {
            return new Reply(204, null, null);
        }
    }

    @FunctionalInterface
    private interface Operation {
        Reply run(RoutingContext ctx, String actor) throws Exception;
    }

    void mount(Router router) {
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(maxBodySize));
        router.route(PREFIX + "/*").handler(this::authorize);

        on(router, "GET", "/accounts", (c, a) -> Reply.ok(admin.accounts()));
        on(router, "POST", "/accounts", (c, a) -> Reply.created(admin.createAccount(a, body(c))));
        on(router, "GET", "/accounts/:id", (c, a) -> Reply.ok(withSessions(admin.account(c.pathParam("id")))));
        on(router, "PATCH", "/accounts/:id", (c, a) -> Reply.ok(admin.updateAccount(a, c.pathParam("id"), body(c))));
        on(router, "DELETE", "/accounts/:id", (c, a) -> {
            admin.deleteAccount(a, c.pathParam("id"));
            return Reply.noContent();
        });
        on(router, "POST", "/accounts/:id/disable",
                (c, a) -> Reply.ok(admin.setAccountEnabled(a, c.pathParam("id"), false)));
        on(router, "POST", "/accounts/:id/enable",
                (c, a) -> Reply.ok(admin.setAccountEnabled(a, c.pathParam("id"), true)));
        on(router, "POST", "/accounts/:id/unbind", (c, a) -> Reply.ok(unbind(a, c.pathParam("id"))));
        on(router, "POST", "/accounts/:id/password",
                (c, a) -> Reply.ok(admin.resetPassword(a, c.pathParam("id"), body(c).path("password").asText(null))));

        on(router, "GET", "/accounts/:id/api-keys", (c, a) -> Reply.ok(apiKeys(c.pathParam("id"))));
        on(router, "POST", "/accounts/:id/api-keys", (c, a) -> Reply.created(createApiKey(a, c.pathParam("id"),
                c.body().length() == 0 ? null : body(c).path("label").asText(null))));
        on(router, "DELETE", "/accounts/:id/api-keys/:key", (c, a) -> {
            revokeApiKey(a, c.pathParam("id"), c.pathParam("key"));
            return Reply.noContent();
        });

        on(router, "GET", "/routes", (c, a) -> Reply.ok(admin.routes()));
        on(router, "PUT", "/routes", (c, a) -> Reply.ok(admin.replaceRoutes(a, body(c))));
        on(router, "POST", "/routes", (c, a) -> Reply.created(admin.addRoute(a, body(c),
                c.queryParams().contains("position") ? integer(c.queryParams().get("position"), "position") : null)));
        on(router, "DELETE", "/routes/:index",
                (c, a) -> Reply.ok(admin.removeRoute(a, integer(c.pathParam("index"), "index"))));

        on(router, "GET", "/connectors", (c, a) -> Reply.ok(admin.connectors()));
        on(router, "POST", "/connectors", (c, a) -> Reply.created(admin.addConnector(a, body(c))));
        on(router, "GET", "/connectors/:name", (c, a) -> Reply.ok(admin.connector(c.pathParam("name"))));
        on(router, "PATCH", "/connectors/:name",
                (c, a) -> Reply.ok(admin.updateConnector(a, c.pathParam("name"), body(c))));
        on(router, "DELETE", "/connectors/:name", (c, a) -> {
            admin.removeConnector(a, c.pathParam("name"));
            return Reply.noContent();
        });
        on(router, "POST", "/connectors/:name/disable",
                (c, a) -> Reply.ok(admin.setConnectorEnabled(a, c.pathParam("name"), false)));
        on(router, "POST", "/connectors/:name/enable",
                (c, a) -> Reply.ok(admin.setConnectorEnabled(a, c.pathParam("name"), true)));
        on(router, "GET", "/connector-groups", (c, a) -> Reply.ok(admin.connectorGroups()));
        on(router, "PUT", "/connector-groups", (c, a) -> Reply.ok(admin.replaceConnectorGroups(a, body(c))));

        on(router, "GET", "/distribution-lists", (c, a) -> Reply.ok(admin.distributionLists()));
        on(router, "POST", "/distribution-lists", (c, a) -> Reply.created(admin.createDistributionList(a, body(c))));
        on(router, "GET", "/distribution-lists/:name", (c, a) -> Reply.ok(admin.distributionList(c.pathParam("name"))));
        on(router, "PUT", "/distribution-lists/:name/members", (c, a) -> Reply.ok(
                admin.replaceDistributionListMembers(a, c.pathParam("name"), body(c))));
        on(router, "DELETE", "/distribution-lists/:name", (c, a) -> {
            admin.deleteDistributionList(a, c.pathParam("name"));
            return Reply.noContent();
        });

        on(router, "GET", "/handset-replies", (c, a) -> Reply.ok(HandsetReplies.list(smsc.handsets())));
        on(router, "PUT", "/handset-replies", (c, a) -> Reply.ok(HandsetReplies.set(smsc.handsets(), a, body(c))));
        on(router, "DELETE", "/handset-replies/:pattern", (c, a) -> {
            HandsetReplies.clear(smsc.handsets(), a, c.pathParam("pattern"));
            return Reply.noContent();
        });

        on(router, "GET", "/handsets/:msisdn", (c, a) -> Reply.ok(handset(c.pathParam("msisdn"))));
        on(router, "PUT", "/handsets/:msisdn", (c, a) -> {
            JsonNode present = body(c).get("present");
            if (present == null || !present.isBoolean()) {
                throw new AdminException(400, "present", "present must be true or false");
            }
            smsc.handsets().setPresent(msisdn(c), present.asBoolean());
            log.info("handset {} made {} by {}", msisdn(c), present.asBoolean() ? "present" : "absent", a);
            return Reply.ok(handset(msisdn(c)));
        });

        // for the dashboard (docs/operations.md#dashboard)
        on(router, "GET", "/overview", (c, a) -> Reply.ok(metrics.overview().encode()));
        on(router, "PUT", "/handset-ranges", (c, a) -> Reply.ok(setRangePresence(a, body(c))));
        on(router, "POST", "/handsets/:msisdn/mo", (c, a) -> Reply.created(injectMo(msisdn(c), body(c))));
        on(router, "GET", "/messages", (c, a) -> Reply.ok(MessageSearch.search(smsc.store(), c.queryParams())));

        on(router, "GET", "/audit", (c, a) -> Reply.ok(audit(admin.audit(
                c.queryParams().contains("limit") ? integer(c.queryParams().get("limit"), "limit") : 100,
                c.queryParams().contains("before") ? integer(c.queryParams().get("before"), "before") : 0))));
        on(router, "GET", "/export", (c, a) -> new Reply(200, admin.export(), "application/yaml; charset=utf-8"));
        on(router, "GET", "/config/version", (c, a) -> Reply.ok(MAPPER.createObjectNode().put("version",
                admin.version())));
        router.route(PREFIX + "/*").handler(c -> {
            java.util.Set<io.vertx.core.http.HttpMethod> allowed = AllowedMethods.on(router, c.request().path());
            if (allowed.isEmpty()) {
                problem(c, new AdminException(404, null,
                        "no admin operation " + c.request().method() + " " + c.request().path()));
            } else {
                Api.methodNotAllowed(c, allowed);
            }
        });
    }

    private void on(Router router, String method, String path, Operation op) {
        router.route(io.vertx.core.http.HttpMethod.valueOf(method), PREFIX + path).blockingHandler(ctx -> {
            try {
                Reply r = op.run(ctx, ctx.get("actor"));
                ctx.response().setStatusCode(r.status());
                if (r.body() == null) {
                    ctx.response().end();
                } else {
                    ctx.response().putHeader("content-type", r.contentType())
                            .end(r.body() instanceof String s ? s : r.body().toString());
                }
            } catch (AdminException e) {
                problem(ctx, e);
            } catch (StoreException e) {
                log.warn("admin {} {}: {}", ctx.request().method(), ctx.request().path(), e.toString());
                problem(ctx, new AdminException(503, null, "the change could not be stored: " + e.getMessage()));
            } catch (Exception e) {
                log.warn("admin {} {} failed", ctx.request().method(), ctx.request().path(), e);
                problem(ctx, new AdminException(500, null, "internal error: " + e));
            }
        }, false);
    }

    /** Loopback (or http.admin_allowed_ips) and a valid bearer token, else 403 or 401. */
    private void authorize(RoutingContext ctx) {
        InetAddress remote;
        try {
            remote = InetAddress.getByName(ctx.request().remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            remote = null;
        }
        InetAddress client = remote;
        if (client == null || allowed.stream().noneMatch(r -> r.contains(client))) {
            problem(ctx, new AdminException(403, null, "the admin API does not answer "
                    + ctx.request().remoteAddress().hostAddress() + " (http.admin_allowed_ips)"));
            return;
        }
        String header = ctx.request().getHeader("authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        // the token file is read on a worker: it may have changed on disk
        ctx.vertx().executeBlocking(() -> tokens.verify(token)).onComplete(r -> {
            if (r.succeeded() && r.result().isPresent()) {
                ctx.put("actor", r.result().get());
                ctx.next();
            } else {
                problem(ctx, new AdminException(401, "authorization", token == null
                        ? "an admin token is required (Authorization: Bearer ...; make one with tern admin token create)"
                        : "the admin token is not valid"));
            }
        });
    }

    /** The refusal as the HTTP API's problem details (the same {@link Problem} as /api/v1 answers with). */
    private static void problem(RoutingContext ctx, AdminException e) {
        new Problem(e.status(), Problem.titleOf(e.status()), e.getMessage(), e.field(), null).send(ctx);
    }

    private static JsonNode body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new AdminException(400, null, "a JSON body is required");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AdminException(400, null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int integer(String text, String field) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AdminException(400, field, field + " must be a whole number, was '" + text + "'");
        }
    }

    private static String msisdn(RoutingContext ctx) {
        String m = ctx.pathParam("msisdn");
        if (!m.matches("[0-9+]{1,21}")) {
            throw new AdminException(400, "msisdn", "msisdn must be 1..21 digits, was '" + m + "'");
        }
        return m;
    }

    /** {"pattern": "4477009*", "present": false}: a whole range of the handset network made absent or present. */
    private ObjectNode setRangePresence(String actor, JsonNode body) {
        String pattern = body.path("pattern").asText("");
        JsonNode present = body.get("present");
        if (present == null || !present.isBoolean()) {
            throw new AdminException(400, "present", "present must be true or false");
        }
        if (!pattern.matches("[0-9+]{1,21}\\*?")) {
            throw new AdminException(400, "pattern", "pattern must be 1..21 digits, optionally ending in *, was '"
                    + pattern + "'");
        }
        try {
            smsc.handsets().setPresent(pattern, present.asBoolean());
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "pattern", e.getMessage());
        }
        log.info("handsets {} made {} by {}", pattern, present.asBoolean() ? "present" : "absent", actor);
        return MAPPER.createObjectNode().put("pattern", pattern).put("present", present.asBoolean());
    }

    /** {"to": "12345", "text": "hi"}: handset {@code msisdn} sends a message; answered once it is stored. */
    private ObjectNode injectMo(String msisdn, JsonNode body) throws Exception {
        String to = body.path("to").asText("");
        String text = body.path("text").asText("");
        if (!to.matches("[0-9+]{1,21}")) {
            throw new AdminException(400, "to", "to must be 1..21 digits, was '" + to + "'");
        }
        if (text.isEmpty() || text.length() > 160) {
            throw new AdminException(400, "text", "text must be 1..160 characters");
        }
        String id;
        try {
            id = smsc.handsets().send(new io.tern.smsc.sim.MobileOriginated(msisdn, to, text))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof io.tern.smsc.sim.MobileOriginatedRefusedException r) {
                throw new AdminException(422, "to", r.getMessage());
            }
            throw e;
        }
        return MAPPER.createObjectNode().put("id", id).put("from", msisdn).put("to", to);
    }

    private ObjectNode handset(String msisdn) {
        ObjectNode out = MAPPER.createObjectNode().put("msisdn", msisdn)
                .put("present", smsc.handsets().isPresent(msisdn))
                .put("range", smsc.handsets().rangeOf(msisdn).numbers().toString())
                .put("behaviour", smsc.handsets().rangeOf(msisdn).behaviour().name().toLowerCase());
        io.tern.smsc.sim.Reply reply = smsc.handsets().replyOf(msisdn);
        out.set("reply", reply == null ? null : HandsetReplies.json(null, reply));
        return out;
    }

    // API keys of the HTTP API: made here, kept in the configuration database (valid on every node);
    // the data directory's file (`tern apikey`, this node only) is listed and revocable here too.

    private Path dataDir() {
        return smsc.config().store().dataDir();
    }

    private static ObjectNode key(TernConfig.ApiKey k, String scope) {
        return MAPPER.createObjectNode().put("id", k.id()).put("system_id", k.systemId()).put("label", k.label())
                .put("created", k.created().toString()).put("scope", scope);
    }

    private ArrayNode apiKeys(String systemId) throws IOException {
        ArrayNode out = MAPPER.createArrayNode();
        for (TernConfig.ApiKey k : admin.apiKeys(systemId)) {
            out.add(key(k, CLUSTER));
        }
        for (TernConfig.ApiKey k : ApiKeys.list(dataDir())) {
            if (k.systemId().equals(systemId)) {
                out.add(key(k, NODE));
            }
        }
        return out;
    }

    /** Scope of a key in the configuration database: every node. */
    private static final String CLUSTER = "cluster";
    /** Scope of a key in this node's data directory ({@code tern apikey}). */
    private static final String NODE = "node";

    /** Makes a key, kept in the configuration database; its token is in this answer only. */
    private ObjectNode createApiKey(String actor, String systemId, String label) {
        ApiKeys.Created created = ApiKeys.make(systemId, label, Instant.now());
        admin.addApiKey(actor, created.key());
        return key(created.key(), CLUSTER).put("token", created.token());
    }

    private void revokeApiKey(String actor, String systemId, String id) throws IOException {
        if (admin.removeApiKey(actor, systemId, id)) {
            return;
        }
        TernConfig.ApiKey found = ApiKeys.list(dataDir()).stream()
                .filter(k -> k.id().equals(id) && k.systemId().equals(systemId)).findFirst()
                .orElseThrow(() -> new AdminException(404, "key", "account " + systemId + " has no API key " + id));
        ApiKeys.revoke(dataDir(), id);
        admin.record(actor, "account.api_key.revoke", systemId, key(found, NODE), null);
    }

    /** Unbinds the account's sessions on this node (it may bind again), audited; how many. */
    private JsonNode unbind(String actor, String systemId) {
        admin.account(systemId); // 404 for an account that does not exist
        int n = smsc.unbindSessionsOf(systemId);
        ObjectNode after = MAPPER.createObjectNode().put("unbound_sessions", n);
        admin.record(actor, "account.unbind", systemId, null, after);
        return MAPPER.createObjectNode().put("system_id", systemId).put("unbound_sessions", n);
    }

    /** An account with the number of its sessions bound now, and those bound to this node. */
    private JsonNode withSessions(JsonNode account) {
        String id = account.path("system_id").asText();
        long bound = smsc.sessions().stream().filter(s -> id.equals(s.systemId())).count();
        ((ObjectNode) account).put("sessions_bound", bound);
        ArrayNode list = ((ObjectNode) account).putArray("sessions");
        for (io.tern.smsc.server.BoundSession s : smsc.boundSessions()) {
            if (id.equals(s.systemId())) {
                list.add(MAPPER.valueToTree(s.fields()));
            }
        }
        return account;
    }

    private static ArrayNode audit(List<AuditEntry> entries) throws JsonProcessingException {
        ArrayNode out = MAPPER.createArrayNode();
        for (AuditEntry e : entries) {
            ObjectNode o = out.addObject();
            o.put("id", e.id());
            o.put("at", e.at().toString());
            o.put("actor", e.actor());
            o.put("action", e.action());
            o.put("subject", e.subject());
            o.set("before", e.before() == null ? null : MAPPER.readTree(e.before()));
            o.set("after", e.after() == null ? null : MAPPER.readTree(e.after()));
            o.put("config_version", e.configVersion());
        }
        return out;
    }
}
