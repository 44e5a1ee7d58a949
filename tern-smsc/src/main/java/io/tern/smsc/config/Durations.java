package io.tern.smsc.config;

import java.time.Duration;

/** Parses the durations of the configuration file: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 72h}, {@code 7d}. */
public final class Durations {

    private Durations() {
    }

    /**
     * {@code d} as {@link #parse} reads it, in the largest unit that says it exactly: {@code 7d},
     * {@code 6h}, {@code 90m}, {@code 45s}, {@code 1500ms}.
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    public static Duration parse(String key, String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i == s.length()) {
            throw new ConfigException(key, "expected a duration such as 500ms, 30s, 5m, 72h or 7d, was '" + text + "'");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "number too large in '" + text + "'");
        }
        return switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new ConfigException(key, "unknown unit '" + s.substring(i) + "' in '" + text
                    + "' (use ms, s, m, h or d)");
        };
    }
}
