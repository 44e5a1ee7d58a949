package io.tern.smsc.config;

import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code connectors:} and {@code connector_groups:} sections (docs/configuration.md).
 * Credentials may come from the environment: {@code ${NAME}} in system_id or password is replaced
 * by the variable's value, and a variable that is not set stops start-up with the key's name
 * (never its value).
 */
final class ConnectorSection {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConnectorSection.class);

    private ConnectorSection() {
    }

    static List<ConnectorConfig> connectors(ConfigNode node, Path baseDir, Function<String, String> env) {
        List<ConnectorConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode c : node.list()) {
            c.allowOnly("name", "host", "port", "system_id", "password", "system_type", "bind", "sessions", "window",
                    "throughput", "tls", "enquire_link_interval", "response_timeout", "interface_version",
                    "source_ton", "source_npi", "dest_ton", "dest_npi", "submit_id", "receipt_id", "receipted_message_id", "receipts",
                    "throttle_pause", "reconnect", "data_coding_0", "encoding", "enabled", "address_range", "bind_ton",
                    "bind_npi");
            String name = c.get("name").string(null);
            if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new ConfigException(c.get("name").path(), "must be 1..32 letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new ConfigException(c.get("name").path(), "duplicate connector name '" + name + "'");
            }
            ConnectorConfig.IdFormat submitId = c.get("submit_id").enumValue(ConnectorConfig.IdFormat.class,
                    ConnectorConfig.IdFormat.AS_IS);
            String host = c.get("host").string(null);
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(c.get("host").path(), "must be a host name or an IP address, was '" + host
                        + "'");
            }
            ConnectorConfig.BindMode bind = bindMode(c.get("bind"));
            boolean receipts = c.get("receipts").bool(bind.receives());
            if (receipts && !bind.receives()) {
                throw new ConfigException(c.get("receipts").path(), "a connector bound as tx cannot receive receipts:"
                        + " use bind trx or tx+rx, or set receipts: false");
            }
            ConfigNode reconnect = c.get("reconnect").allowOnly("min", "max");
            Duration min = positive(reconnect.get("min"), Duration.ofSeconds(1));
            Duration max = positive(reconnect.get("max"), Duration.ofSeconds(60));
            if (max.compareTo(min) < 0) {
                throw new ConfigException(reconnect.get("max").path(), "must not be shorter than min");
            }
            String systemId = substitute(c.get("system_id"), env);
            if (systemId.isEmpty() || systemId.length() > 15) {
                throw new ConfigException(c.get("system_id").path(), "must be 1..15 characters (SMPP 3.4 §5.2.1)");
            }
            String password = substitute(c.get("password"), env);
            if (password.length() > 8) {
                throw new ConfigException(c.get("password").path(), "at most 8 characters (SMPP 3.4 §5.2.2)");
            }
            String systemType = c.get("system_type").string("");
            if (systemType.length() > 12) {
                throw new ConfigException(c.get("system_type").path(), "at most 12 characters (SMPP 3.4 §5.2.3)");
            }
            String range = c.get("address_range").string("");
            if (range.length() > 40 || !range.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
                throw new ConfigException(c.get("address_range").path(),
                        "at most 40 printable ASCII characters (SMPP 3.4 §5.2.7)");
            }
            ConnectorConfig.BindAddress bindAddress = new ConnectorConfig.BindAddress(
                    c.get("bind_ton").integer(0, 0, 255), c.get("bind_npi").integer(0, 0, 255), range);
            out.add(new ConnectorConfig(name, host, c.get("port").integer(2775, 1, 65535),
                    systemId, password, systemType, bind, c.get("sessions").integer(1, 1, 64),
                    c.get("window").integer(50, 1, 10_000), c.get("throughput").integer(0, 0, 1_000_000),
                    tls(c.get("tls"), baseDir), nonNegative(c.get("enquire_link_interval"), Duration.ofSeconds(30)),
                    positive(c.get("response_timeout"), Duration.ofSeconds(30)), interfaceVersion(c.get("interface_version")),
                    optionalOctet(c.get("source_ton")), optionalOctet(c.get("source_npi")),
                    optionalOctet(c.get("dest_ton")), optionalOctet(c.get("dest_npi")),
                    submitId,
                    c.get("receipt_id").enumValue(ConnectorConfig.IdFormat.class, ConnectorConfig.IdFormat.AS_IS),
                    receipts, positive(c.get("throttle_pause"), Duration.ofSeconds(1)), min, max,
                    InteropSection.encoding(c), c.get("enabled").bool(true),
                    c.get("receipted_message_id").enumValue(ConnectorConfig.IdFormat.class, submitId),
                    bindAddress));
        }
        return out;
    }

    static List<ConnectorGroupConfig> groups(ConfigNode node, Set<String> connectors) {
        List<ConnectorGroupConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode g : node.list()) {
            g.allowOnly("name", "strategy", "members");
            String name = g.get("name").string(null);
            // routes say group:NAME, and the name is a label of tern_messages_waiting
            if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new ConfigException(g.get("name").path(), "must be 1..32 letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new ConfigException(g.get("name").path(), "duplicate connector group name '" + name + "'");
            }
            ConnectorGroupConfig.Strategy strategy = g.get("strategy").enumValue(ConnectorGroupConfig.Strategy.class,
                    ConnectorGroupConfig.Strategy.FAILOVER);
            List<ConnectorGroupConfig.Member> members = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ConfigNode m : g.get("members").list()) {
                ConfigNode connector = m;
                int weight = 1;
                if (!m.isMissing() && m.isMapping()) {
                    m.allowOnly("connector", "weight");
                    connector = m.get("connector");
                    weight = m.get("weight").integer(1, 1, 1000);
                    if (strategy == ConnectorGroupConfig.Strategy.FAILOVER && !m.get("weight").isMissing()) {
                        // accepted, so that a configuration stored with one still loads; said, so it is not a surprise
                        log.warn("{}: weight {} is not used: a failover group takes its members in order"
                                + " (strategy: weighted spreads messages by weight)", m.get("weight").path(), weight);
                    }
                }
                String c = connector.string(null);
                if (!connectors.contains(c)) {
                    throw new ConfigException(connector.path(), "no connector named '" + c + "'");
                }
                if (!seen.add(c)) {
                    throw new ConfigException(connector.path(), "connector '" + c + "' is listed twice");
                }
                members.add(new ConnectorGroupConfig.Member(c, weight));
            }
            if (members.isEmpty()) {
                throw new ConfigException(g.get("members").path(), "is required: list at least one connector");
            }
            out.add(new ConnectorGroupConfig(name, strategy, members));
        }
        return out;
    }

    private static ConnectorConfig.BindMode bindMode(ConfigNode n) {
        String s = n.string("trx");
        return switch (s) {
            case "trx" -> ConnectorConfig.BindMode.TRX;
            case "tx" -> ConnectorConfig.BindMode.TX;
            case "tx+rx" -> ConnectorConfig.BindMode.TX_RX;
            default -> throw new ConfigException(n.path(), "must be trx, tx or tx+rx, was '" + s + "'");
        };
    }

    private static int interfaceVersion(ConfigNode n) {
        String s = n.string("3.4");
        return switch (s) {
            case "3.4" -> 0x34;
            case "3.3" -> 0x33;
            default -> throw new ConfigException(n.path(), "must be 3.4 or 3.3, was '" + s + "'");
        };
    }

    private static ConnectorConfig.Tls tls(ConfigNode n, Path baseDir) {
        if (n.isMissing()) {
            return null;
        }
        if (!n.isMapping()) {
            if (n.bool(false)) {
                throw new ConfigException(n.path(), "needs trust (a PEM file of trusted certificates)");
            }
            return null;
        }
        n.allowOnly("trust", "insecure_trust_all", "certificate", "key");
        boolean insecure = n.get("insecure_trust_all").bool(false);
        Path trust = file(n.get("trust"), baseDir);
        if (trust == null && !insecure) {
            throw new ConfigException(n.get("trust").path(), "is required (a PEM file of trusted certificates)");
        }
        Path cert = file(n.get("certificate"), baseDir);
        Path key = file(n.get("key"), baseDir);
        if ((cert == null) != (key == null)) {
            throw new ConfigException(n.path(), "a client certificate needs both certificate and key");
        }
        return new ConnectorConfig.Tls(trust, insecure, cert, key);
    }

    private static Path file(ConfigNode n, Path baseDir) {
        if (n.isMissing()) {
            return null;
        }
        Path p = baseDir.resolve(n.string(null));
        if (!Files.isReadable(p)) {
            throw new ConfigException(n.path(), "file '" + p + "' does not exist or cannot be read");
        }
        return p;
    }

    private static Integer optionalOctet(ConfigNode n) {
        return n.isMissing() ? null : n.integer(0, 0, 255);
    }

    private static Duration positive(ConfigNode n, Duration dflt) {
        Duration d = n.duration(dflt);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(n.path(), "must be a positive duration");
        }
        return d;
    }

    private static Duration nonNegative(ConfigNode n, Duration dflt) {
        Duration d = n.duration(dflt);
        if (d.isNegative()) {
            throw new ConfigException(n.path(), "must not be negative");
        }
        return d;
    }

    /** The value with every {@code ${NAME}} replaced from {@code env}; names the key, never the value, on error. */
    static String substitute(ConfigNode n, Function<String, String> env) {
        String raw = n.string(null);
        Matcher m = ENV.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new ConfigException(n.path(), "environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
