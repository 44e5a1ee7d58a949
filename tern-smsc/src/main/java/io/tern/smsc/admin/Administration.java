package io.tern.smsc.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.TernConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime administration (docs/operations.md#admin-api): reads and changes the managed sections of
 * the configuration (accounts, routes, connectors, connector_groups, distribution_lists, api_keys) while Tern
 * runs. The
 * configuration lives in the database: the file seeds it on first start, and from then on the
 * database's version is in force (docs/configuration.md states the precedence). A change is made on
 * a copy of the configuration tree, validated whole by the configuration loader (so it is refused
 * with the same messages as a bad file), written with its audit entry in one transaction, then put
 * in force at once by the applier ({@code Smsc.apply}). Changes are serialised; none touches the
 * SMPP path, which reads the new state through volatile references.
 */
public final class Administration {

    private static final Logger log = LoggerFactory.getLogger(Administration.class);

    /** The sections kept in the database; the others come from the file at each start. */
    public static final List<String> MANAGED = List.of("accounts", "routes", "connectors", "connector_groups",
            "distribution_lists", "api_keys");
    /** Managed sections that versions stored before they were managed lack: the file's are kept. */
    private static final List<String> OPTIONAL_IN_STORED = List.of("distribution_lists", "api_keys");
    /** Who seeded the database in the audit log. */
    static final String SEED_ACTOR = "config-file";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AdminStore store;
    private final UnaryOperator<TernConfig> overrides;
    private final Clock clock;
    private ConfigDocument document;
    private long version;
    private TernConfig config;
    private volatile Consumer<TernConfig> applier = c -> {
    };

    private Administration(AdminStore store, ConfigDocument document, long version,
            UnaryOperator<TernConfig> overrides, Clock clock) {
        this.store = store;
        this.document = document;
        this.version = version;
        this.overrides = overrides;
        this.clock = clock;
        this.config = resolve(document, null, -1);
    }

    /**
     * Opens the configuration of a starting Tern: {@code file}'s unmanaged sections with the
     * database's managed ones, or, on first start (no version in the database), {@code file}'s
     * managed sections, written as version 1.
     *
     * @param overrides the command line's overrides (data directory, port), applied after every resolution
     * @throws ConfigException if the file, or the file with the database's sections, is not valid
     */
    public static Administration open(ConfigDocument file, UnaryOperator<TernConfig> overrides, Clock clock) {
        TernConfig fromFile = overrides.apply(file.resolve());
        AdminStore store = AdminStore.open(fromFile.store());
        Optional<AdminStore.Version> latest = store.latest();
        if (latest.isPresent()) {
            ConfigDocument doc = withManaged(file, parse(latest.get().body()));
            log.info("configuration version {} from the database (accounts, routes, connectors, connector groups;"
                    + " the file's are used only on first start)", latest.get().version());
            return new Administration(store, doc, latest.get().version(), overrides, clock);
        }
        Administration a = new Administration(store, file, 0, overrides, clock);
        a.store.commit(1, managedBody(file).toString(), new AuditEntry(0, clock.instant(), SEED_ACTOR, "config.seed", "",
                null, maskedText(managedBody(file)), 1));
        a.version = 1;
        log.info("configuration seeded into the database from the configuration file (version 1)");
        return a;
    }

    /** Called with every configuration put in force from now on. */
    public void onChange(Consumer<TernConfig> applier) {
        this.applier = applier;
    }

    /** The configuration in force (overrides applied). */
    public synchronized TernConfig config() {
        return config;
    }

    public synchronized long version() {
        return version;
    }

    /**
     * Adopts the newest version in the database when another node wrote it (several nodes on one
     * PostgreSQL database, docs/scaling.md): it is put in force here as if changed here, without an
     * audit entry (the writing node made it). Cheap when nothing changed: one query.
     *
     * @return whether a newer version was put in force
     */
    public synchronized boolean refresh() {
        if (store.newestVersion() <= version) {
            return false;
        }
        Optional<AdminStore.Version> latest = store.latest();
        if (latest.isEmpty() || latest.get().version() <= version) {
            return false;
        }
        ConfigDocument next = withManaged(document, parse(latest.get().body()));
        TernConfig resolved;
        try {
            resolved = resolve(next, null, -1);
        } catch (AdminException e) {
            // written by a node that validated it; a node with another file may still refuse it
            log.warn("configuration version {} from another node is not valid here, keeping version {}: {}",
                    latest.get().version(), version, e.getMessage());
            return false;
        }
        document = next;
        version = latest.get().version();
        config = resolved;
        log.info("configuration version {} from another node ({}) put in force", version, latest.get().actor());
        applier.accept(resolved);
        return true;
    }

    /** The change counter of {@code kind} in the database (-1 where it keeps none); see {@link AdminStore}. */
    long changeCounter(String kind) {
        return store.changeCounter(kind);
    }

    /** The running configuration as YAML that {@code tern serve --config} accepts. */
    public synchronized String export() {
        return document.toYaml();
    }

    /** The audit log, newest first. */
    public List<AuditEntry> audit(int limit, long beforeId) {
        if (limit < 1 || limit > 1000) {
            throw AdminException.badRequest("limit", "limit must be 1..1000");
        }
        return store.audit(limit, beforeId);
    }

    /** A managed section whose items are named by a key: accounts by system_id, connectors by name. */
    private record Named(String section, String key, String noun) {
    }

    private static final Named ACCOUNTS = new Named("accounts", "system_id", "account");
    private static final Named CONNECTORS = new Named("connectors", "name", "connector");
    private static final Named LISTS = new Named("distribution_lists", "name", "distribution list");
    private static final String API_KEYS = "api_keys";

    private JsonNode one(Named kind, String name) {
        ArrayNode all = section(kind.section());
        return masked(all.get(indexOf(all, kind, name)));
    }

    /** Adds {@code body} after {@code prepare} (which may refuse it), unless its name exists. */
    private JsonNode add(Named kind, String actor, String action, JsonNode body, Consumer<ObjectNode> prepare) {
        ObjectNode item = object(body);
        String name = text(item, kind.key());
        ArrayNode all = section(kind.section());
        if (find(all, kind.key(), name) >= 0) {
            throw AdminException.conflict(kind.key(), "a" + (kind.noun().startsWith("a") ? "n " : " ") + kind.noun()
                    + " with " + kind.key() + " '" + name + "' exists");
        }
        prepare.accept(item);
        all.add(item);
        commit(actor, action, name, kind.section(), all, all.size() - 1, null, item);
        return masked(item);
    }

    /** Applies {@code patch} (null values remove keys) after {@code prepare}; the name cannot change. */
    private JsonNode edit(Named kind, String actor, String action, String name, ObjectNode patch,
            Consumer<ObjectNode> prepare) {
        ArrayNode all = section(kind.section());
        int i = indexOf(all, kind, name);
        ObjectNode before = (ObjectNode) all.get(i);
        if (patch.has(kind.key()) && !name.equals(patch.get(kind.key()).asText())) {
            throw AdminException.badRequest(kind.key(), kind.key() + " cannot be changed (add another "
                    + kind.noun() + ")");
        }
        ObjectNode after = merge(before, patch);
        prepare.accept(after);
        all.set(i, after);
        commit(actor, action, name, kind.section(), all, i, before, after);
        return masked(after);
    }

    private void remove(Named kind, String actor, String action, String name) {
        ArrayNode all = section(kind.section());
        JsonNode before = all.remove(indexOf(all, kind, name));
        commit(actor, action, name, kind.section(), all, -1, before, null);
    }

    /** {@code enabled: false}, or the key removed (enabled is the default). */
    private static ObjectNode enabledPatch(boolean enabled) {
        ObjectNode patch = NODES.objectNode();
        if (enabled) {
            patch.putNull("enabled");
        } else {
            patch.put("enabled", false);
        }
        return patch;
    }

    /** Every account, secrets masked. */
    public synchronized ArrayNode accounts() {
        return (ArrayNode) masked(section("accounts"));
    }

    public synchronized JsonNode account(String systemId) {
        return one(ACCOUNTS, systemId);
    }

    /**
     * Creates an account from the configuration's keys (docs/configuration.md, {@code accounts}),
     * with {@code password} in clear (checked for strength, kept only as its bcrypt hash) or a
     * {@code password_hash}.
     */
    public synchronized JsonNode createAccount(String actor, JsonNode body) {
        return add(ACCOUNTS, actor, "account.create", body, Administration::setPassword);
    }

    /**
     * Changes the keys given in {@code patch}; a key set to null goes back to its default.
     * {@code password} resets the password; {@code system_id} cannot change.
     */
    public synchronized JsonNode updateAccount(String actor, String systemId, JsonNode patch) {
        return editAccount(actor, "account.update", systemId, object(patch));
    }

    public synchronized JsonNode resetPassword(String actor, String systemId, String password) {
        ObjectNode patch = NODES.objectNode();
        patch.put("password", password);
        return editAccount(actor, "account.password", systemId, patch);
    }

    /** Disables (its sessions are unbound, its binds refused) or enables an account. */
    public synchronized JsonNode setAccountEnabled(String actor, String systemId, boolean enabled) {
        return editAccount(actor, enabled ? "account.enable" : "account.disable", systemId, enabledPatch(enabled));
    }

    /** Deletes an account and, in the same version, its API keys. */
    public synchronized void deleteAccount(String actor, String systemId) {
        ArrayNode all = section(ACCOUNTS.section());
        JsonNode before = all.remove(indexOf(all, ACCOUNTS, systemId));
        ArrayNode keys = section(API_KEYS);
        keys.removeIf(k -> systemId.equals(k.path("system_id").asText()));
        commit(actor, "account.delete", systemId, document.with(ACCOUNTS.section(), all).with(API_KEYS, keys),
                ACCOUNTS.section(), -1, before, null);
    }

    /**
     * The HTTP API keys of account {@code systemId} kept in the configuration (valid on every node;
     * docs/http-api.md, "API keys"), oldest first.
     */
    public synchronized List<TernConfig.ApiKey> apiKeys(String systemId) {
        account(systemId);
        return config.apiKeys().stream().filter(k -> k.systemId().equals(systemId)).toList();
    }

    /** Adds an API key (made by the caller, who alone sees its token) to {@code key.systemId()}'s account. */
    public synchronized void addApiKey(String actor, TernConfig.ApiKey key) {
        account(key.systemId());
        ObjectNode item = NODES.objectNode().put("id", key.id()).put("system_id", key.systemId())
                .put("sha256", key.sha256()).put("created", key.created().toString()).put("label", key.label());
        ArrayNode all = section(API_KEYS);
        all.add(item);
        commit(actor, "account.api_key.create", key.systemId(), API_KEYS, all, all.size() - 1, null, item);
    }

    /** Removes API key {@code id} of account {@code systemId}; false when the configuration has no such key. */
    public synchronized boolean removeApiKey(String actor, String systemId, String id) {
        account(systemId);
        ArrayNode all = section(API_KEYS);
        for (int i = 0; i < all.size(); i++) {
            JsonNode k = all.get(i);
            if (id.equals(k.path("id").asText()) && systemId.equals(k.path("system_id").asText())) {
                all.remove(i);
                commit(actor, "account.api_key.revoke", systemId, API_KEYS, all, -1, k, null);
                return true;
            }
        }
        return false;
    }

    private JsonNode editAccount(String actor, String action, String systemId, ObjectNode patch) {
        boolean newPassword = patch.has("password");
        return edit(ACCOUNTS, actor, action, systemId, patch, after -> {
            if (newPassword) {
                setPassword(after);
            }
        });
    }

    /** Replaces {@code password} by its bcrypt hash after the strength check; one of the two is required. */
    private static void setPassword(ObjectNode account) {
        JsonNode password = account.remove("password");
        if (password != null) {
            if (!password.isTextual()) {
                throw AdminException.badRequest("password", "password must be a string");
            }
            Passwords.requireStrong(password.asText(), account.path("system_id").asText());
            account.put("password_hash", AccountService.hash(password.asText()));
        } else if (!account.has("password_hash")) {
            throw AdminException.badRequest("password", "password is required");
        }
    }

    /**
     * Audits a change that is not configuration (an account's API key made or revoked), with the
     * configuration version in force; {@code systemId} must be an existing account.
     */
    public synchronized void record(String actor, String action, String systemId, JsonNode before, JsonNode after) {
        account(systemId);
        store.record(new AuditEntry(0, clock.instant(), actor, action, systemId, maskedText(before), maskedText(after),
                version));
    }

    /** The route table in order; without a {@code routes} key, the implicit one (everything to sim). */
    public synchronized ArrayNode routes() {
        return section("routes");
    }

    public synchronized ArrayNode replaceRoutes(String actor, JsonNode routes) {
        if (routes == null || !routes.isArray()) {
            throw AdminException.badRequest("routes", "expected a list of routes");
        }
        ArrayNode before = section("routes");
        commit(actor, "routes.replace", "", "routes", (ArrayNode) routes.deepCopy(), -1, before, routes);
        return section("routes");
    }

    /** Inserts a route at {@code position} (0 = first, null = last). */
    public synchronized ArrayNode addRoute(String actor, JsonNode route, Integer position) {
        ObjectNode r = object(route);
        ArrayNode all = section("routes");
        int at = position == null ? all.size() : position;
        if (at < 0 || at > all.size()) {
            throw AdminException.badRequest("position", "position must be 0.." + all.size());
        }
        all.insert(at, r);
        commit(actor, "route.add", String.valueOf(at), "routes", all, at, null, r);
        return section("routes");
    }

    public synchronized ArrayNode removeRoute(String actor, int index) {
        ArrayNode all = section("routes");
        if (index < 0 || index >= all.size()) {
            throw AdminException.notFound("index", "no route at index " + index + " (the table has " + all.size()
                    + ")");
        }
        JsonNode before = all.remove(index);
        commit(actor, "route.remove", String.valueOf(index), "routes", all, -1, before, null);
        return section("routes");
    }

    public synchronized ArrayNode connectors() {
        return (ArrayNode) masked(section("connectors"));
    }

    public synchronized JsonNode connector(String name) {
        return one(CONNECTORS, name);
    }

    public synchronized JsonNode addConnector(String actor, JsonNode body) {
        return add(CONNECTORS, actor, "connector.add", body, c -> {
        });
    }

    public synchronized JsonNode updateConnector(String actor, String name, JsonNode patch) {
        return edit(CONNECTORS, actor, "connector.update", name, object(patch), c -> {
        });
    }

    /** Enables (binds) or disables (unbinds; its messages wait) a connector. */
    public synchronized JsonNode setConnectorEnabled(String actor, String name, boolean enabled) {
        return edit(CONNECTORS, actor, enabled ? "connector.enable" : "connector.disable", name,
                enabledPatch(enabled), c -> {
                });
    }

    /** Removes a connector; refused (409) while a route or group names it. */
    public synchronized void removeConnector(String actor, String name) {
        remove(CONNECTORS, actor, "connector.remove", name);
    }

    /** The connector groups. */
    public synchronized ArrayNode connectorGroups() {
        return section("connector_groups");
    }

    public synchronized ArrayNode replaceConnectorGroups(String actor, JsonNode groups) {
        if (groups == null || !groups.isArray()) {
            throw AdminException.badRequest("connector_groups", "expected a list of connector groups");
        }
        ArrayNode before = section("connector_groups");
        commit(actor, "connector_groups.replace", "", "connector_groups", (ArrayNode) groups.deepCopy(), -1,
                before, groups);
        return section("connector_groups");
    }

    /** The distribution lists of submit_multi (dest_flag 2), each with its name and members. */
    public synchronized ArrayNode distributionLists() {
        return section(LISTS.section()).deepCopy();
    }

    public synchronized JsonNode distributionList(String name) {
        return one(LISTS, name);
    }

    /** Adds a list from {@code {"name": ..., "members": [...]}}; in force for the next submit_multi. */
    public synchronized JsonNode createDistributionList(String actor, JsonNode body) {
        return add(LISTS, actor, "distribution_list.create", body, l -> {
        });
    }

    /** Replaces the members of list {@code name} by {@code members} (a JSON list of addresses). */
    public synchronized JsonNode replaceDistributionListMembers(String actor, String name, JsonNode members) {
        if (members == null || !members.isArray()) {
            throw AdminException.badRequest("members", "members must be a list of addresses");
        }
        ObjectNode patch = NODES.objectNode();
        patch.set("members", members);
        return edit(LISTS, actor, "distribution_list.replace", name, patch, l -> {
        });
    }

    public synchronized void deleteDistributionList(String actor, String name) {
        remove(LISTS, actor, "distribution_list.delete", name);
    }

    /**
     * Validates the document with {@code section} replaced, writes it as the next version with its
     * audit entry, and puts it in force.
     *
     * @param index the changed item's index in the section (errors inside it name its field alone), or -1
     */
    private void commit(String actor, String action, String subject, String section, ArrayNode value, int index,
            JsonNode before, JsonNode after) {
        commit(actor, action, subject, document.with(section, value), section, index, before, after);
    }

    /** {@link #commit(String, String, String, String, ArrayNode, int, JsonNode, JsonNode)} of a whole next document. */
    private void commit(String actor, String action, String subject, ConfigDocument next, String section, int index,
            JsonNode before, JsonNode after) {
        TernConfig resolved = resolve(next, section, index);
        long v = version + 1;
        store.commit(v, managedBody(next).toString(), new AuditEntry(0, clock.instant(), actor, action, subject,
                maskedText(before), maskedText(after), v));
        document = next;
        version = v;
        config = resolved;
        log.info("configuration version {}: {} {} by {}", v, action, subject, actor);
        applier.accept(resolved);
    }

    private TernConfig resolve(ConfigDocument doc, String section, int index) {
        try {
            return overrides.apply(doc.resolve());
        } catch (ConfigException e) {
            String problem = e.getMessage().substring(e.key().length() + 2);
            String own = section + "[" + index + "].";
            if (index >= 0 && e.key().startsWith(own)) {
                throw AdminException.badRequest(e.key().substring(own.length()), e.key().substring(own.length())
                        + ": " + problem);
            }
            if (section != null && !e.key().startsWith(section + "[")) {
                // the change breaks something that refers to it (a route naming a removed connector)
                throw AdminException.conflict(e.key(), "the change conflicts with " + e.key() + ": " + problem);
            }
            throw AdminException.badRequest(e.key(), e.getMessage());
        }
    }

    /** A copy of a managed section; the implicit route table when {@code routes} is absent. */
    private ArrayNode section(String name) {
        JsonNode n = document.get(name);
        if (n == null || n.isNull()) {
            ArrayNode empty = NODES.arrayNode();
            if (name.equals("routes")) {
                empty.addObject().put("target", "sim");
            }
            return empty;
        }
        if (!n.isArray()) {
            throw new IllegalStateException(name + " is not a list");
        }
        return (ArrayNode) n;
    }

    private static int find(ArrayNode all, String key, String value) {
        for (int i = 0; i < all.size(); i++) {
            if (value.equals(all.get(i).path(key).asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(ArrayNode all, Named kind, String name) {
        int i = find(all, kind.key(), name);
        if (i < 0) {
            throw AdminException.notFound(kind.key(), "no " + kind.noun() + " with " + kind.key() + " '" + name + "'");
        }
        return i;
    }

    private static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminException.badRequest(null, "expected a JSON object");
        }
        return ((ObjectNode) body).deepCopy();
    }

    private static String text(ObjectNode o, String key) {
        JsonNode n = o.get(key);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw AdminException.badRequest(key, key + " is required");
        }
        return n.asText();
    }

    /** {@code base} with {@code patch}'s keys: a null value removes the key (back to its default). */
    private static ObjectNode merge(ObjectNode base, ObjectNode patch) {
        ObjectNode out = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode managedBody(ConfigDocument doc) {
        ObjectNode body = NODES.objectNode();
        for (String key : MANAGED) {
            JsonNode n = doc.get(key);
            if (n != null) {
                body.set(key, n);
            }
        }
        return body;
    }

    /**
     * {@code file} with the database's managed sections. A section the stored version lacks
     * altogether (written before that section was managed, e.g. {@code distribution_lists}) keeps
     * the file's, so an upgrade loses nothing; once changed over the API it is stored (as {@code []}
     * when emptied).
     */
    private static ConfigDocument withManaged(ConfigDocument file, JsonNode body) {
        ConfigDocument doc = file;
        for (String key : MANAGED) {
            if (body.has(key)) {
                doc = doc.with(key, body.get(key));
            } else if (!OPTIONAL_IN_STORED.contains(key)) {
                doc = doc.with(key, null);
            }
        }
        return doc;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the configuration in the database is not valid JSON", e);
        }
    }

    /**
     * A copy with every {@code password}, {@code password_hash}, API key {@code sha256} and webhook
     * {@code secret} (the HMAC key that signs an account's webhooks) shown as {@code ****}.
     */
    static JsonNode masked(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String secret : List.of("password", "password_hash", "sha256", "secret")) {
                if (o.has(secret)) {
                    o.put(secret, "****");
                }
            }
            o.elements().forEachRemaining(Administration::mask);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(Administration::mask);
        }
    }

    private static String maskedText(JsonNode n) {
        return n == null ? null : masked(n).toString();
    }
}
