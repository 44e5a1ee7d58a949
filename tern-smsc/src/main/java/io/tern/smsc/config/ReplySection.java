package io.tern.smsc.config;

import io.tern.smsc.optout.OptOutConfig;
import io.tern.smsc.webhook.WebhookConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code webhooks} and {@code opt_out} keys of each account (docs/configuration.md): where an
 * account's receipts and replies are POSTed, and which replies opt a number out or back in.
 */
final class ReplySection {

    /** The shortest webhook secret: an HMAC key guessable by brute force signs nothing. */
    static final int MIN_SECRET_LENGTH = 16;

    private ReplySection() {
    }

    /** The webhooks of every account that has the key, by system_id. */
    static Map<String, WebhookConfig> webhooks(ConfigNode accounts, Function<String, String> env) {
        Map<String, WebhookConfig> out = new HashMap<>();
        for (ConfigNode a : accounts.list()) {
            ConfigNode w = a.get("webhooks").allowOnly("receipts", "mo", "secret", "concurrency", "timeout");
            if (w.isMissing()) {
                continue;
            }
            // neither URL: only the HTTP API's per-message callback_url, signed with the secret
            URI receipts = url(w.get("receipts"));
            URI mo = url(w.get("mo"));
            String secret = ConnectorSection.substitute(w.get("secret"), env);
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new ConfigException(w.get("secret").path(), "must be at least " + MIN_SECRET_LENGTH
                        + " characters (it is the HMAC key that signs every request)");
            }
            Duration timeout = w.get("timeout").duration(Duration.ofSeconds(10));
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigException(w.get("timeout").path(), "must be a positive duration");
            }
            out.put(a.get("system_id").string(null), new WebhookConfig(receipts, mo, secret,
                    w.get("concurrency").integer(8, 1, 1000), timeout));
        }
        return out;
    }

    /** The opt-out keywords of every account that sets them, by system_id. */
    static Map<String, OptOutConfig> optOut(ConfigNode accounts) {
        Map<String, OptOutConfig> out = new HashMap<>();
        for (ConfigNode a : accounts.list()) {
            ConfigNode o = a.get("opt_out").allowOnly("stop", "start");
            if (o.isMissing()) {
                continue;
            }
            try {
                out.put(a.get("system_id").string(null), new OptOutConfig(
                        o.get("stop").isMissing() ? OptOutConfig.DEFAULT.stop().stream().toList() : o.get("stop").stringList(),
                        o.get("start").isMissing() ? OptOutConfig.DEFAULT.start().stream().toList()
                                : o.get("start").stringList()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(o.path(), e.getMessage());
            }
        }
        return out;
    }

    private static URI url(ConfigNode n) {
        String s = n.optionalString();
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException(n.path(), "must be an http:// or https:// URL with a host, was '" + s + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(n.path(), "is not a URL: " + e.getMessage());
        }
    }
}
