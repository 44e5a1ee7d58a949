package io.tern.smsc.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of the YAML configuration tree that knows its own path, so every error names the key
 * ({@code accounts[1].throughput.rate: must be a positive number, was 'x'}). Unknown keys are
 * errors too: a typo must not silently fall back to a default.
 */
public final class ConfigNode {

    private final String path;
    private final JsonNode node;

    public ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    public String path() {
        return path;
    }

    public boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public ConfigNode get(String name) {
        if (!isMissing() && !node.isObject()) {
            throw new ConfigException(path, "expected a mapping with keys, was " + describe(node));
        }
        return new ConfigNode(child(name), isMissing() ? null : node.get(name));
    }

    /** Fails on any key not in {@code allowed}. */
    public ConfigNode allowOnly(String... allowed) {
        if (isMissing()) {
            return this;
        }
        if (!node.isObject()) {
            throw new ConfigException(path, "expected a mapping with keys, was " + describe(node));
        }
        Set<String> ok = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ok.contains(name)) {
                throw new ConfigException(child(name), "unknown key (known here: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    /** Whether the value is a mapping with keys (rather than a list or a single value). */
    public boolean isMapping() {
        return !isMissing() && node.isObject();
    }

    public List<ConfigNode> list() {
        List<ConfigNode> out = new ArrayList<>();
        if (isMissing()) {
            return out;
        }
        if (!node.isArray()) {
            throw new ConfigException(path, "expected a list, was " + describe(node));
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    public List<String> stringList() {
        List<String> out = new ArrayList<>();
        for (ConfigNode n : list()) {
            out.add(n.string(null));
        }
        return out;
    }

    public String string(String dflt) {
        if (isMissing()) {
            if (dflt == null) {
                throw new ConfigException(path, "is required");
            }
            return dflt;
        }
        if (!node.isValueNode()) {
            throw new ConfigException(path, "expected a text value, was " + describe(node));
        }
        return node.asText();
    }

    public String optionalString() {
        return isMissing() ? null : string(null);
    }

    public long number(long dflt, long min, long max) {
        if (isMissing()) {
            return dflt;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new ConfigException(path, "expected a whole number, was " + describe(node));
        }
        long v = node.asLong();
        if (v < min || v > max) {
            throw new ConfigException(path, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    /**
     * A number of octets: a whole number, or one with the unit {@code KiB}, {@code MiB} or
     * {@code GiB} ({@code 64MiB}).
     */
    public long size(long dflt, long min, long max) {
        if (isMissing()) {
            return dflt;
        }
        if (node.isIntegralNumber()) {
            return number(dflt, min, max);
        }
        String s = string(null).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(KiB|MiB|GiB)?").matcher(s);
        if (!m.matches()) {
            throw new ConfigException(path, "expected a size such as 65536, 64KiB, 64MiB or 1GiB, was '" + s + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        long v = Long.parseLong(m.group(1)) << shift;
        if (v < min || v > max) {
            throw new ConfigException(path, "must be between " + min + " and " + max + " octets, was '" + s + "'");
        }
        return v;
    }

    public int integer(int dflt, int min, int max) {
        return (int) number(dflt, min, max);
    }

    public double decimal(double dflt, double min, double max) {
        if (isMissing()) {
            return dflt;
        }
        if (!node.isNumber()) {
            throw new ConfigException(path, "expected a number, was " + describe(node));
        }
        double v = node.asDouble();
        if (v < min || v > max) {
            throw new ConfigException(path, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    public boolean bool(boolean dflt) {
        if (isMissing()) {
            return dflt;
        }
        if (!node.isBoolean()) {
            throw new ConfigException(path, "expected true or false, was " + describe(node));
        }
        return node.asBoolean();
    }

    public Duration duration(Duration dflt) {
        if (isMissing()) {
            return dflt;
        }
        return Durations.parse(path, string(null));
    }

    public <T> T parse(Function<String, T> parser, T dflt) {
        if (isMissing()) {
            return dflt;
        }
        String s = string(null);
        try {
            return parser.apply(s);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(path, e.getMessage() == null ? "invalid value '" + s + "'" : e.getMessage());
        }
    }

    public <E extends Enum<E>> E enumValue(Class<E> type, E dflt) {
        if (isMissing()) {
            return dflt;
        }
        String s = string(null);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        throw new ConfigException(path, "must be one of " + names + ", was '" + s + "'");
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return "'" + n.asText() + "'";
    }
}
