package io.tern.smsc.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.session.ServerLimits;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.CidrRange;
import io.tern.smsc.account.SessionPolicy;
import io.tern.smsc.account.Throughput;
import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import io.tern.smsc.delivery.InteropProfile;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.routing.Route;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.sim.Behaviour;
import io.tern.smsc.sim.Reply;
import io.tern.smsc.sim.SubscriberRange;
import io.tern.smsc.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML configuration into a {@link TernConfig}. Every problem stops start-up with a
 * {@link ConfigException} that names the key; unknown keys are errors.
 */
public final class ConfigLoader {

    public static final int DEFAULT_PORT = 2775;
    /** The key of a problem with the file as a whole (not YAML, or unreadable), replaced by the file's name when known. */
    static final String WHOLE_FILE = "(file)";
    /** The longest store.commit_delay: more would only add latency (a commit gathers 64 writes sooner). */
    private static final Duration MAX_COMMIT_DELAY = Duration.ofMillis(50);

    private ConfigLoader() {
    }

    public static TernConfig load(Path file) {
        return ConfigDocument.load(file).resolve();
    }

    public static TernConfig parse(String yaml, Path baseDir) {
        return parse(yaml, baseDir, System::getenv);
    }

    /**
     * @param env the environment {@code ${NAME}} in a connector's system_id or password is read from
     */
    public static TernConfig parse(String yaml, Path baseDir, Function<String, String> env) {
        return fromTree(new ConfigNode("", tree(yaml)), baseDir, env);
    }

    /** The YAML text as a tree, not yet validated. */
    static JsonNode tree(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(WHOLE_FILE, "not valid YAML " + yamlProblem(e));
        }
    }

    /**
     * Where and what the YAML parser found, on one line: its own message spans several, with the
     * problem's line quoted.
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            Mark context = m.getContextMark();
            return "at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + m.getProblem()
                    + (m.getContext() != null && context != null ? " (" + m.getContext() + " at line "
                    + (context.getLine() + 1) + ", column " + (context.getColumn() + 1) + ")" : "");
        }
        String problem = e.getOriginalMessage().lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse("");
        return (e.getLocation() != null ? "at line " + e.getLocation().getLineNr() + ": " : ": ") + problem;
    }

    /** The configuration of {@code tern serve} without a file. */
    public static TernConfig defaults(Path dataDir) {
        TernConfig base = fromTree(new ConfigNode("", null), Path.of("."), System::getenv);
        return base.withStore(new StoreConfig(dataDir, base.store().retention(),
                base.store().writeQueueCapacity(), base.store().maxBatch()));
    }

    static TernConfig fromTree(ConfigNode root, Path baseDir, Function<String, String> env) {
        root.allowOnly("listeners", "smpp", "store", "accounts", "routes", "distribution_lists", "delivery",
                "handsets", "connectors", "connector_groups", "node_id", "http", "interop_profiles", "cdr",
                "logging", "api_keys");
        List<TernConfig.Listener> listeners = listeners(root.get("listeners"), baseDir);
        TernConfig.Smpp smpp = smpp(root.get("smpp"));
        StoreConfig store = store(root.get("store"), baseDir, env, nodeId(root.get("node_id")));
        TernConfig.Delivery delivery = delivery(root.get("delivery"));
        if (delivery.lease() != null && delivery.lease().compareTo(smpp.responseTimeout()) <= 0) {
            throw new ConfigException(root.get("delivery").get("lease").path(),
                    "must be longer than smpp.response_timeout (" + smpp.responseTimeout().toMillis() + " ms): a delivery holds its"
                            + " lease while it waits for the response");
        }
        List<Account> accounts = accounts(root.get("accounts"), delivery,
                InteropSection.profiles(root.get("interop_profiles")), env);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            if (!names.add(accounts.get(i).systemId())) {
                throw new ConfigException("accounts[" + i + "].system_id",
                        "duplicate system_id '" + accounts.get(i).systemId() + "'");
            }
        }
        List<ConnectorConfig> connectors = ConnectorSection.connectors(root.get("connectors"), baseDir, env);
        Set<String> connectorNames = new HashSet<>();
        for (ConnectorConfig c : connectors) {
            connectorNames.add(c.name());
        }
        List<ConnectorGroupConfig> groups = ConnectorSection.groups(root.get("connector_groups"), connectorNames);
        Set<String> groupNames = new HashSet<>();
        for (ConnectorGroupConfig g : groups) {
            groupNames.add(g.name());
        }
        List<Route> routes = routes(root.get("routes"), names, connectorNames, groupNames);
        Map<String, List<String>> lists = distributionLists(root.get("distribution_lists"));
        ConfigNode sim = root.get("handsets");
        Long seed = null;
        if (sim.isMapping()) {
            // {seed, ranges}: the ranges and the seed of every random choice the network makes
            sim.allowOnly("seed", "ranges");
            seed = sim.get("seed").isMissing() ? null : sim.get("seed").number(0, Long.MIN_VALUE, Long.MAX_VALUE);
            sim = sim.get("ranges");
        }
        List<SubscriberRange> handsets = handsets(sim);
        return new TernConfig(listeners, smpp, store, accounts, routes, lists, delivery, handsets, connectors, groups,
                http(root.get("http"), baseDir), ReplySection.webhooks(root.get("accounts"), env),
                ReplySection.optOut(root.get("accounts")), seed, RecordsSection.cdr(root.get("cdr"), baseDir),
                RecordsSection.logging(root.get("logging"), baseDir), apiKeys(root.get("api_keys"), names));
    }

    /**
     * The HTTP API's keys kept in the configuration database ({@code api_keys}, written by the admin
     * API, not by hand): each names an account, and holds the SHA-256 of its token, never the token.
     */
    private static List<TernConfig.ApiKey> apiKeys(ConfigNode node, Set<String> accounts) {
        List<TernConfig.ApiKey> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode k : node.list()) {
            k.allowOnly("id", "system_id", "sha256", "created", "label");
            String id = k.get("id").string(null);
            if (!id.matches("[0-9a-f]{12}")) {
                throw new ConfigException(k.get("id").path(), "must be 12 lower-case hex digits, was '" + id + "'");
            }
            if (!ids.add(id)) {
                throw new ConfigException(k.get("id").path(), "API key '" + id + "' is listed twice");
            }
            String systemId = k.get("system_id").string(null);
            if (!accounts.contains(systemId)) {
                throw new ConfigException(k.get("system_id").path(), "names no account: '" + systemId + "'");
            }
            String sha256 = k.get("sha256").string(null);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new ConfigException(k.get("sha256").path(), "must be the token's SHA-256, 64 lower-case hex digits");
            }
            Instant created;
            try {
                created = Instant.parse(k.get("created").string(null));
            } catch (DateTimeParseException e) {
                throw new ConfigException(k.get("created").path(), "must be an ISO-8601 instant, e.g. 2026-12-07T08:00:00Z");
            }
            String label = k.get("label").string("");
            if (label.length() > 100) {
                throw new ConfigException(k.get("label").path(), "must be at most 100 characters");
            }
            out.add(new TernConfig.ApiKey(id, systemId, sha256, created, label));
        }
        return out;
    }

    /** The HTTP listener, or null when the key is absent: no listener. */
    private static TernConfig.Http http(ConfigNode n, Path baseDir) {
        if (n.isMissing()) {
            return null;
        }
        n.allowOnly("host", "port", "metrics_interval", "tls", "max_body_size", "admin_allowed_ips");
        String host = n.get("host").string("127.0.0.1");
        if (host.isBlank()) {
            throw new ConfigException(n.get("host").path(), "must not be empty");
        }
        List<CidrRange> admin = n.get("admin_allowed_ips").isMissing()
                ? TernConfig.Http.ADMIN_LOOPBACK.stream().map(CidrRange::parse).toList()
                : cidrs(n.get("admin_allowed_ips"));
        return new TernConfig.Http(host, n.get("port").integer(8080, 0, 65535),
                positive(n.get("metrics_interval"), Duration.ofSeconds(5)), tls(n.get("tls"), baseDir),
                n.get("max_body_size").size(TernConfig.Http.DEFAULT_MAX_BODY_SIZE, 1024, 1L << 30), admin);
    }

    /** A listener's TLS files and client-certificate policy, or null when the key is absent. */
    private static TernConfig.Tls tls(ConfigNode tls, Path baseDir) {
        tls.allowOnly("certificate", "key", "trust", "client_auth", "ciphers");
        if (tls.isMissing()) {
            return null;
        }
        TernConfig.Tls t = new TernConfig.Tls(file(tls.get("certificate"), baseDir, true),
                file(tls.get("key"), baseDir, true),
                tls.get("trust").isMissing() ? null : file(tls.get("trust"), baseDir, true),
                tls.get("client_auth").enumValue(TernConfig.ClientAuth.class, TernConfig.ClientAuth.NONE),
                ciphers(tls.get("ciphers")));
        if (t.clientAuth() != TernConfig.ClientAuth.NONE && t.trust() == null) {
            throw new ConfigException(tls.get("trust").path(), "is required when client_auth is "
                    + t.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
        }
        return t;
    }

    private static List<TernConfig.Listener> listeners(ConfigNode node, Path baseDir) {
        List<TernConfig.Listener> out = new ArrayList<>();
        for (ConfigNode l : node.list()) {
            l.allowOnly("host", "port", "tls");
            TernConfig.Tls t = tls(l.get("tls"), baseDir);
            out.add(new TernConfig.Listener(l.get("host").string("127.0.0.1"),
                    l.get("port").integer(DEFAULT_PORT, 0, 65535), t));
        }
        if (out.isEmpty()) {
            out.add(new TernConfig.Listener("127.0.0.1", DEFAULT_PORT, null));
        }
        return out;
    }

    /** A listener's cipher suites: absent for the forward-secret default, else a non-empty list of names. */
    private static List<String> ciphers(ConfigNode n) {
        if (n.isMissing()) {
            return null;
        }
        List<String> out = n.stringList();
        if (out.isEmpty()) {
            throw new ConfigException(n.path(), "must name at least one cipher suite (or be left out for the default)");
        }
        return out;
    }

    private static Path file(ConfigNode n, Path baseDir, boolean mustExist) {
        Path p = baseDir.resolve(n.string(null));
        if (mustExist && !Files.isReadable(p)) {
            throw new ConfigException(n.path(), "file '" + p + "' does not exist or cannot be read");
        }
        return p;
    }

    private static TernConfig.Smpp smpp(ConfigNode n) {
        n.allowOnly("system_id", "window", "max_pdu_size", "max_inflight_per_session", "session_init_timeout",
                "enquire_link_interval", "inactivity_timeout", "response_timeout", "unbind_timeout",
                "partial_pdu_budget", "write_buffer_low_water", "write_buffer_high_water", "max_connections",
                "max_connections_per_ip", "bind_lockout", "io_threads");
        String systemId = n.get("system_id").string("TERN");
        if (systemId.length() > 15) {
            throw new ConfigException(n.get("system_id").path(), "at most 15 characters (SMPP 3.4 §5.2.1)");
        }
        int maxPduSize = n.get("max_pdu_size").integer(70_000, 256, 1 << 20);
        ServerLimits limits = limits(n);
        if (limits.partialPduBudget() < maxPduSize) {
            throw new ConfigException(n.get("partial_pdu_budget").path(), "must be at least max_pdu_size ("
                    + maxPduSize + "), or the longest PDUs could never arrive");
        }
        return new TernConfig.Smpp(systemId,
                n.get("window").integer(100, 1, 10_000),
                maxPduSize,
                n.get("max_inflight_per_session").integer(1000, 1, 100_000),
                positive(n.get("session_init_timeout"), Duration.ofSeconds(30)),
                positive(n.get("enquire_link_interval"), Duration.ofSeconds(30)),
                positive(n.get("inactivity_timeout"), Duration.ofMinutes(5)),
                positive(n.get("response_timeout"), Duration.ofSeconds(30)),
                positive(n.get("unbind_timeout"), Duration.ofSeconds(5)),
                limits, bindLockout(n.get("bind_lockout")),
                n.get("io_threads").integer(TernConfig.Smpp.defaultIoThreads(), 1, 256));
    }

    private static TernConfig.BindLockout bindLockout(ConfigNode n) {
        n.allowOnly("failures", "window", "duration", "checks_per_second", "checks_burst");
        return new TernConfig.BindLockout(n.get("failures").integer(10, 1, 1_000_000),
                positive(n.get("window"), Duration.ofMinutes(5)), positive(n.get("duration"), Duration.ofMinutes(5)),
                n.get("checks_per_second").decimal(1.0, 0.001, 1_000_000), n.get("checks_burst").integer(20, 1, 1_000_000));
    }

    private static ServerLimits limits(ConfigNode n) {
        ServerLimits d = ServerLimits.DEFAULTS;
        int low = (int) n.get("write_buffer_low_water").size(d.writeBufferLowWaterMark(), 1, 1 << 30);
        int high = (int) n.get("write_buffer_high_water").size(Math.max(low, d.writeBufferHighWaterMark()), 1, 1 << 30);
        if (high < low) {
            throw new ConfigException(n.get("write_buffer_high_water").path(),
                    "must not be below write_buffer_low_water (" + low + " octets)");
        }
        int total = n.get("max_connections").integer(d.maxConnections(), 1, 1_000_000);
        int perIp = n.get("max_connections_per_ip").integer(Math.min(total, d.maxConnectionsPerIp()), 1, 1_000_000);
        if (perIp > total) {
            throw new ConfigException(n.get("max_connections_per_ip").path(),
                    "must not be above max_connections (" + total + ")");
        }
        return d.withPartialPduBudget(n.get("partial_pdu_budget").size(d.partialPduBudget(), 64 << 10, 1L << 40))
                .withWriteBufferWaterMarks(low, high).withConnections(total, perIp);
    }

    static Duration positive(ConfigNode n, Duration dflt) {
        Duration d = n.duration(dflt);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(n.path(), "must be a positive duration");
        }
        return d;
    }

    private static String nodeId(ConfigNode n) {
        if (n.isMissing()) {
            return null; // the host name, looked up by a store that needs it
        }
        String id = n.string(null);
        if (!id.matches("[A-Za-z0-9._-]{1,63}")) {
            throw new ConfigException(n.path(), "1..63 letters, digits, '.', '_' or '-', not '" + id + "'");
        }
        return id;
    }

    private static StoreConfig store(ConfigNode n, Path baseDir, Function<String, String> env, String nodeId) {
        n.allowOnly("path", "retention", "write_queue", "max_batch", "commit_delay", "type", "url", "user", "password",
                "pool_size", "partition");
        Path dataDir = baseDir.resolve(n.get("path").string("tern-data"));
        Duration retention = positive(n.get("retention"), Duration.ofHours(72));
        int writeQueue = n.get("write_queue").integer(100_000, 100, 10_000_000);
        int maxBatch = n.get("max_batch").integer(2_000, 1, 100_000);
        Duration commitDelay = n.get("commit_delay").duration(StoreConfig.DEFAULT_COMMIT_DELAY);
        if (commitDelay.isNegative() || commitDelay.compareTo(MAX_COMMIT_DELAY) > 0) {
            throw new ConfigException(n.get("commit_delay").path(), "must be between 0ms and "
                    + MAX_COMMIT_DELAY.toMillis() + "ms, was " + commitDelay.toMillis() + "ms");
        }
        String type = n.get("type").string(StoreConfig.SQLITE);
        if (type.equals(StoreConfig.SQLITE)) {
            for (String key : List.of("url", "user", "password", "pool_size", "partition")) {
                if (!n.get(key).isMissing()) {
                    throw new ConfigException(n.get(key).path(), "is for type postgresql only");
                }
            }
            return new StoreConfig(dataDir, retention, writeQueue, maxBatch, type, null, null, null, 0, nodeId)
                    .withCommitDelay(commitDelay);
        }
        if (!type.equals(StoreConfig.POSTGRESQL)) {
            throw new ConfigException(n.get("type").path(), "must be sqlite or postgresql, not '" + type + "'");
        }
        if (n.get("url").isMissing()) {
            throw new ConfigException(n.get("url").path(), "is required for type postgresql");
        }
        String url = ConnectorSection.substitute(n.get("url"), env);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(n.get("url").path(), "must be a jdbc:postgresql: URL");
        }
        String user = n.get("user").isMissing() ? null : ConnectorSection.substitute(n.get("user"), env);
        String password = n.get("password").isMissing() ? null : ConnectorSection.substitute(n.get("password"), env);
        return new StoreConfig(dataDir, retention, writeQueue, maxBatch, type, url, user, password,
                n.get("pool_size").integer(8, 2, 200), nodeId,
                n.get("partition").enumValue(StoreConfig.Partition.class, StoreConfig.Partition.DAY), commitDelay);
    }

    private static TernConfig.Delivery delivery(ConfigNode n) {
        n.allowOnly("retry", "scan_interval", "active_per_target", "receipt_retry", "default_validity",
                "max_validity", "lease");
        ConfigNode r = n.get("retry").allowOnly("initial", "max", "multiplier", "jitter");
        RetryPolicy retry;
        try {
            retry = new RetryPolicy(positive(r.get("initial"), Duration.ofSeconds(5)),
                    positive(r.get("max"), Duration.ofMinutes(10)),
                    r.get("multiplier").decimal(2.0, 1.0, 100.0),
                    r.get("jitter").decimal(0.2, 0.0, 0.99));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.path(), e.getMessage());
        }
        Duration dflt = positive(n.get("default_validity"), Duration.ofHours(48));
        Duration max = positive(n.get("max_validity"), Duration.ofDays(7));
        if (dflt.compareTo(max) > 0) {
            throw new ConfigException(n.get("default_validity").path(), "exceeds max_validity");
        }
        return new TernConfig.Delivery(retry, positive(n.get("scan_interval"), Duration.ofSeconds(1)),
                n.get("active_per_target").integer(5_000, 1, 1_000_000),
                positive(n.get("receipt_retry"), Duration.ofSeconds(30)), dflt, max,
                n.get("lease").isMissing() ? null : positive(n.get("lease"), null));
    }

    private static List<Account> accounts(ConfigNode node, TernConfig.Delivery delivery,
            Map<String, InteropProfile> profiles, Function<String, String> env) {
        List<Account> out = new ArrayList<>();
        for (ConfigNode a : node.list()) {
            a.allowOnly("system_id", "password_hash", "bind_types", "max_binds", "throughput", "source_addresses",
                    "allowed_ips", "require_tls", "certificate_subject", "addresses", "default_validity",
                    "max_validity", "dedupe_window", "http", "default_region", "sender", "interop",
                    "on_max_binds", "stale_enquire_link_timeout", "stale_idle_intervals", "outbind", "webhooks",
                    "opt_out", "enabled");
            String systemId = a.get("system_id").string(null);
            if (systemId.isEmpty() || systemId.length() > 15) {
                throw new ConfigException(a.get("system_id").path(), "must be 1..15 characters (SMPP 3.4 §5.2.1)");
            }
            String hash = a.get("password_hash").string(null);
            if (!hash.startsWith("$2")) {
                throw new ConfigException(a.get("password_hash").path(),
                        "must be a bcrypt hash (make one with: tern passwd)");
            }
            Set<BindType> types = EnumSet.noneOf(BindType.class);
            ConfigNode bt = a.get("bind_types");
            if (bt.isMissing()) {
                types = EnumSet.allOf(BindType.class);
            } else {
                for (ConfigNode t : bt.list()) {
                    String s = t.string(null).toUpperCase(java.util.Locale.ROOT);
                    switch (s) {
                        case "TX", "TRANSMITTER" -> types.add(BindType.TRANSMITTER);
                        case "RX", "RECEIVER" -> types.add(BindType.RECEIVER);
                        case "TRX", "TRANSCEIVER" -> types.add(BindType.TRANSCEIVER);
                        default -> throw new ConfigException(t.path(), "must be tx, rx or trx, was '" + s + "'");
                    }
                }
            }
            ConfigNode tp = a.get("throughput").allowOnly("rate", "burst");
            Throughput throughput = null;
            if (!tp.isMissing()) {
                double rate = tp.get("rate").decimal(0, 0.001, 10_000_000);
                if (tp.get("rate").isMissing()) {
                    throw new ConfigException(tp.get("rate").path(), "is required");
                }
                throughput = new Throughput(rate, tp.get("burst").integer((int) Math.max(1, Math.ceil(rate)), 1,
                        10_000_000));
            }
            Duration dv = positive(a.get("default_validity"), delivery.defaultValidity());
            Duration mv = positive(a.get("max_validity"), delivery.maxValidity());
            if (dv.compareTo(mv) > 0) {
                throw new ConfigException(a.get("default_validity").path(), "exceeds max_validity");
            }
            Duration dedupe = a.get("dedupe_window").duration(Duration.ZERO);
            out.add(new Account(systemId, hash, types, a.get("max_binds").integer(8, 1, 1000), throughput,
                    patterns(a.get("source_addresses")),
                    cidrs(a.get("allowed_ips")), a.get("require_tls").bool(false),
                    a.get("certificate_subject").optionalString(), patterns(a.get("addresses")), dv, mv, dedupe,
                    a.get("http").bool(true), region(a.get("default_region")),
                    InteropSection.senderRules(a.get("sender"), "account " + systemId),
                    InteropSection.accountProfile(a.get("interop"), systemId, profiles), sessionPolicy(a, env),
                    a.get("enabled").bool(true)));
        }
        return out;
    }

    /** {@code on_max_binds}, the staleness limits and {@code outbind} of one account. */
    private static SessionPolicy sessionPolicy(ConfigNode a, Function<String, String> env) {
        SessionPolicy d = SessionPolicy.DEFAULT;
        ConfigNode o = a.get("outbind").allowOnly("host", "port", "system_id", "password", "interval");
        SessionPolicy.Outbind outbind = null;
        if (!o.isMissing()) {
            String systemId = ConnectorSection.substitute(o.get("system_id"), env);
            if (systemId.isEmpty() || systemId.length() > 15) {
                throw new ConfigException(o.get("system_id").path(), "must be 1..15 characters (SMPP 3.4 §4.1.7)");
            }
            String password = ConnectorSection.substitute(o.get("password"), env);
            if (password.length() > 8) {
                throw new ConfigException(o.get("password").path(), "at most 8 characters (SMPP 3.4 §4.1.7)");
            }
            if (a.get("require_tls").bool(false) || !a.get("certificate_subject").isMissing()) {
                // the outbind connection is plain TCP, and the ESME's bind on it would be refused
                throw new ConfigException(o.path(), "outbind connections are plain TCP: an account with require_tls"
                        + " or certificate_subject cannot be reached by outbind");
            }
            outbind = new SessionPolicy.Outbind(o.get("host").string(null), o.get("port").integer(2775, 1, 65535),
                    systemId, password, positive(o.get("interval"), Duration.ofSeconds(30)));
        }
        return new SessionPolicy(a.get("on_max_binds").enumValue(SessionPolicy.OnMaxBinds.class, d.onMaxBinds()),
                positive(a.get("stale_enquire_link_timeout"), d.staleEnquireLink()),
                a.get("stale_idle_intervals").integer(d.staleIdleIntervals(), 1, 1000), outbind);
    }

    /** An ISO 3166 region code ({@code GB}, {@code de} is read as {@code DE}), or null when absent. */
    private static String region(ConfigNode n) {
        String r = n.optionalString();
        if (r == null) {
            return null;
        }
        String upper = r.toUpperCase(java.util.Locale.ROOT);
        if (!upper.matches("[A-Z]{2}") || !java.util.Set.of(java.util.Locale.getISOCountries()).contains(upper)) {
            throw new ConfigException(n.path(), "must be an ISO 3166 two-letter region such as GB or US, not '" + r + "'");
        }
        return upper;
    }

    private static List<AddressPattern> patterns(ConfigNode n) {
        List<AddressPattern> out = new ArrayList<>();
        for (ConfigNode p : n.list()) {
            out.add(p.parse(AddressPattern::parse, null));
        }
        return out;
    }

    private static List<CidrRange> cidrs(ConfigNode n) {
        List<CidrRange> out = new ArrayList<>();
        for (ConfigNode p : n.list()) {
            out.add(p.parse(CidrRange::parse, null));
        }
        return out;
    }

    private static List<Route> routes(ConfigNode node, Set<String> accounts, Set<String> connectors,
            Set<String> groups) {
        List<Route> out = new ArrayList<>();
        if (node.isMissing()) {
            // no route table at all: everything goes to the virtual handset network
            out.add(new Route(null, null, null, new RouteTarget.Sim()));
            return out;
        }
        for (ConfigNode r : node.list()) {
            r.allowOnly("destination", "source", "account", "service_type", "target", "sender");
            RouteTarget target = r.get("target").parse(RouteTarget::parse, null);
            if (target instanceof RouteTarget.Esme e && !accounts.contains(e.systemId())) {
                throw new ConfigException(r.get("target").path(), "no account with system_id '" + e.systemId() + "'");
            }
            if (target instanceof RouteTarget.Webhook) {
                throw new ConfigException(r.get("target").path(), "webhook targets are not chosen by routes: messages to an"
                        + " account's addresses go to its mo webhook (accounts[].webhooks.mo)");
            }
            if (target instanceof RouteTarget.Connector c && !connectors.contains(c.name())) {
                throw new ConfigException(r.get("target").path(), "no connector named '" + c.name() + "'");
            }
            if (target instanceof RouteTarget.ConnectorGroup g && !groups.contains(g.name())) {
                throw new ConfigException(r.get("target").path(), "no connector group named '" + g.name() + "'");
            }
            String account = r.get("account").optionalString();
            if (account != null && !accounts.contains(account)) {
                throw new ConfigException(r.get("account").path(), "no account with system_id '" + account + "'");
            }
            out.add(new Route(r.get("destination").parse(AddressPattern::parse, null),
                    r.get("source").parse(AddressPattern::parse, null), account,
                    r.get("service_type").optionalString(), target,
                    InteropSection.senderRules(r.get("sender"), "route " + out.size())));
        }
        return out;
    }

    private static Map<String, List<String>> distributionLists(ConfigNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConfigNode d : node.list()) {
            d.allowOnly("name", "members");
            String name = d.get("name").string(null);
            if (name.isEmpty() || name.length() > 20) {
                throw new ConfigException(d.get("name").path(), "must be 1..20 characters (SMPP 3.4 dl_name)");
            }
            if (out.containsKey(name)) {
                throw new ConfigException(d.get("name").path(), "distribution list '" + name + "' is defined twice");
            }
            List<ConfigNode> nodes = d.get("members").list();
            if (nodes.isEmpty() || nodes.size() > Limits.MAX_DESTS) {
                throw new ConfigException(d.get("members").path(), "must list 1.." + Limits.MAX_DESTS + " addresses");
            }
            List<String> members = new ArrayList<>();
            for (ConfigNode m : nodes) {
                String member = m.string(null);
                // each member becomes a destination_addr of TON 1 / NPI 1 (21 octets with its NUL)
                if (!member.matches("[0-9]{1,20}")) {
                    throw new ConfigException(m.path(), "must be an international number of 1..20 digits"
                            + " without '+', was '" + member + "'");
                }
                members.add(member);
            }
            out.put(name, List.copyOf(members));
        }
        return out;
    }

    /** A range's {@code reply: {text, percent}}, or null when it has none. */
    private static Reply reply(ConfigNode n) {
        if (n.isMissing()) {
            return null;
        }
        n.allowOnly("text", "percent");
        String text = n.get("text").string(null);
        if (text.isEmpty()) {
            throw new ConfigException(n.get("text").path(), "must not be empty");
        }
        return new Reply(text, n.get("percent").decimal(100, 0, 100));
    }

    private static List<SubscriberRange> handsets(ConfigNode node) {
        List<SubscriberRange> out = new ArrayList<>();
        for (ConfigNode h : node.list()) {
            h.allowOnly("numbers", "behaviour", "latency", "error", "permanent", "mix", "reply");
            Behaviour b = h.get("behaviour").enumValue(Behaviour.class, Behaviour.DELIVER);
            ConfigNode mix = h.get("mix").allowOnly("deliver", "fail", "absent");
            if (b == Behaviour.MIX && mix.isMissing()) {
                throw new ConfigException(mix.path(), "is required when behaviour is mix");
            }
            try {
                out.add(new SubscriberRange(h.get("numbers").parse(AddressPattern::parse, null), b,
                        h.get("latency").duration(Duration.ZERO), h.get("error").integer(1, 0, 0xFFFF),
                        h.get("permanent").bool(true), mix.get("deliver").integer(0, 0, 100),
                        mix.get("fail").integer(0, 0, 100), mix.get("absent").integer(0, 0, 100),
                        reply(h.get("reply"))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(h.path(), e.getMessage());
            }
        }
        if (node.isMissing()) {
            out.add(SubscriberRange.delivering("*"));
        }
        return out;
    }
}
