package io.tern.smsc.optout;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An account's opt-out keywords (docs/configuration.md {@code accounts[].opt_out}): a message to one
 * of its numbers whose whole text is a {@code stop} word puts the sender on the account's
 * suppression list, a {@code start} word takes it off. Compared trimmed and case-insensitively.
 */
public record OptOutConfig(Set<String> stop, Set<String> start) {

    /** The keywords of the CTIA short code guidelines, which handset users know. */
    public static final OptOutConfig DEFAULT = new OptOutConfig(
            List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"), List.of("START", "UNSTOP"));

    /** What a message's text asks for. */
    public enum Keyword { STOP, START, NONE }

    public OptOutConfig(List<String> stop, List<String> start) {
        this(upper(stop), upper(start));
    }

    public OptOutConfig {
        stop = Set.copyOf(stop);
        start = Set.copyOf(start);
        for (String s : stop) {
            if (start.contains(s)) {
                throw new IllegalArgumentException("'" + s + "' is both a stop and a start keyword");
            }
        }
    }

    public Keyword keyword(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (stop.contains(t)) {
            return Keyword.STOP;
        }
        return start.contains(t) ? Keyword.START : Keyword.NONE;
    }

    private static Set<String> upper(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            String t = w.trim().toUpperCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            out.add(t);
        }
        return out;
    }
}
