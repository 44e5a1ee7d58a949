package io.tern.smsc.address;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over address digits as written in the configuration: a literal ({@code 447700900123}),
 * a prefix or glob with {@code *} (any run) and {@code ?} (one character) such as
 * {@code 4477*}, or a regular expression when it starts with {@code ~} ({@code ~^44\d{10}$}).
 */
public final class AddressPattern {

    private final String text;
    private final String prefix;
    private final Pattern regex;

    private AddressPattern(String text, String prefix, Pattern regex) {
        this.text = text;
        this.prefix = prefix;
        this.regex = regex;
    }

    public static AddressPattern parse(String text) {
        Objects.requireNonNull(text, "pattern");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty address pattern");
        }
        if (text.startsWith("~")) {
            return new AddressPattern(text, null, Pattern.compile(text.substring(1)));
        }
        int star = text.indexOf('*');
        if (text.indexOf('?') < 0 && (star < 0 || star == text.length() - 1)) {
            // the common case, a literal or a prefix: no regex on the hot path
            return new AddressPattern(text, star < 0 ? null : text.substring(0, star), null);
        }
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new AddressPattern(text, null, Pattern.compile(re.toString()));
    }

    public boolean matches(String address) {
        if (regex != null) {
            return regex.matcher(address).matches();
        }
        if (prefix != null) {
            return address.startsWith(prefix);
        }
        return address.equals(text);
    }

    /** How specific the pattern is, for longest-match choices: the length of its fixed part. */
    public int specificity() {
        if (prefix != null) {
            return prefix.length();
        }
        if (regex != null) {
            return 0;
        }
        return text.length() + 1;
    }

    /** Equal when written the same, so that an unchanged account compares equal after a reload. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
