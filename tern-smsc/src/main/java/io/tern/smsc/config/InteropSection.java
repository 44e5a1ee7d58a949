package io.tern.smsc.config;

import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.address.SenderRule;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.delivery.InteropProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what makes one ESME or route differ from the others (docs/configuration.md): the
 * {@code interop_profiles:} section and an account's {@code interop:} (a profile's name, or a
 * profile written in place), and the {@code sender:} rules of accounts and routes.
 */
final class InteropSection {

    private static final String[] PROFILE_KEYS = {"receipt_id", "receipted_message_id", "receipt_template",
        "receipt_text", "data_coding_0", "encoding", "tlvs"};

    private InteropSection() {
    }

    /** The named profiles of {@code interop_profiles:}, by name. */
    static Map<String, InteropProfile> profiles(ConfigNode node) {
        Map<String, InteropProfile> out = new HashMap<>();
        for (ConfigNode p : node.list()) {
            String[] keys = new String[PROFILE_KEYS.length + 1];
            keys[0] = "name";
            System.arraycopy(PROFILE_KEYS, 0, keys, 1, PROFILE_KEYS.length);
            p.allowOnly(keys);
            String name = p.get("name").string(null);
            if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new ConfigException(p.get("name").path(), "must be 1..32 letters, digits, '.', '_' or '-'");
            }
            if (out.put(name, profile(name, p)) != null) {
                throw new ConfigException(p.get("name").path(), "duplicate interop profile '" + name + "'");
            }
        }
        return out;
    }

    /** An account's {@code interop:}: absent for the default, a profile's name, or a profile in place. */
    static InteropProfile accountProfile(ConfigNode n, String systemId, Map<String, InteropProfile> named) {
        if (n.isMissing()) {
            return InteropProfile.DEFAULT;
        }
        if (n.isMapping()) {
            n.allowOnly(PROFILE_KEYS);
            return profile(systemId, n);
        }
        String name = n.string(null);
        InteropProfile p = named.get(name);
        if (p == null) {
            throw new ConfigException(n.path(), "no interop profile named '" + name + "' in interop_profiles");
        }
        return p;
    }

    private static InteropProfile profile(String name, ConfigNode p) {
        InteropProfile.IdFormat id = p.get("receipt_id").enumValue(InteropProfile.IdFormat.class,
                InteropProfile.IdFormat.AS_STORED);
        ChannelEncoding encoding = encoding(p);
        String template = p.get("receipt_template").optionalString();
        if (template != null && template.length() > 200) {
            throw new ConfigException(p.get("receipt_template").path(), "at most 200 characters"
                    + " (the receipt text goes in short_message, 254 octets)");
        }
        try {
            return new InteropProfile(name, id,
                    p.get("receipted_message_id").enumValue(InteropProfile.IdFormat.class, id), template,
                    p.get("receipt_text").bool(true), encoding, p.get("tlvs").bool(true));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p.get("receipt_template").path(), e.getMessage());
        }
    }

    /** {@code data_coding_0} and {@code encoding} of a profile or connector. */
    static ChannelEncoding encoding(ConfigNode n) {
        try {
            return new ChannelEncoding(
                    n.get("data_coding_0").enumValue(ChannelEncoding.Alphabet0.class, ChannelEncoding.Alphabet0.GSM7),
                    n.get("encoding").enumValue(ChannelEncoding.Encoding.class, ChannelEncoding.Encoding.AS_SUBMITTED));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.get("encoding").path(), e.getMessage());
        }
    }

    /**
     * {@code sender:} of an account or route: one rule, or a list of them (the first that applies
     * wins); {@code name} is how history names a rule that has no {@code name} key.
     */
    static List<SenderRule> senderRules(ConfigNode n, String name) {
        List<SenderRule> out = new ArrayList<>();
        if (n.isMissing()) {
            return out;
        }
        List<ConfigNode> rules = n.isMapping() ? List.of(n) : n.list();
        for (int i = 0; i < rules.size(); i++) {
            ConfigNode r = rules.get(i)
                    .allowOnly("name", "when", "replace", "strip_prefix", "add_prefix", "ton", "npi");
            String ruleName = r.get("name").string(rules.size() == 1 ? name : name + " rule " + i);
            try {
                out.add(new SenderRule(ruleName, r.get("when").parse(AddressPattern::parse, null),
                        r.get("replace").optionalString(), r.get("strip_prefix").optionalString(),
                        r.get("add_prefix").optionalString(),
                        r.get("ton").isMissing() ? null : r.get("ton").integer(0, 0, 6),
                        r.get("npi").isMissing() ? null : r.get("npi").integer(0, 0, 18)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.path(), e.getMessage());
            }
        }
        return out;
    }
}
