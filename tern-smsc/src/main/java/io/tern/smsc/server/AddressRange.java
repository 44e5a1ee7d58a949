package io.tern.smsc.server;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The address_range a receiver (bind_receiver, bind_transceiver) declared: the SME addresses the
 * ESME serves, a regular expression (SMPP 3.4 §5.2.7, "UNIX Regular Expression notation"). As
 * with {@code grep}, an expression matches an address when it matches part of it: {@code ^5551}
 * is every address starting 5551, {@code ^5551234$} that one address, {@code 5551} any address
 * containing it. An empty range, or {@code *} alone (what some clients send for "any"), serves
 * every address.
 *
 * <p>A match costs a bounded number of steps: an expression that backtracks without end (e.g.
 * {@code (1+)+$} against a long run of 1s) stops early and counts as no match, so an ESME's
 * range cannot stall the thread that picks a session.
 */
final class AddressRange {

    /** Every address. */
    static final AddressRange ANY = new AddressRange("", null);

    /** Characters the matcher may read for one address before the match counts as failed. */
    static final int STEP_BUDGET = 20_000;

    private final String text;
    private final Pattern pattern;

    private AddressRange(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * The range of a bind's address_range field.
     *
     * @throws IllegalArgumentException naming the fault when it is not a regular expression
     */
    static AddressRange parse(String range) {
        String t = range == null ? "" : range.trim();
        if (t.isEmpty() || t.equals("*")) {
            return ANY;
        }
        try {
            return new AddressRange(t, Pattern.compile(t));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("address_range '" + t + "' is not a regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
        }
    }

    /** Whether this range serves every address. */
    boolean any() {
        return pattern == null;
    }

    /** Whether {@code address} is in the range; false also when the match ran out of its step budget. */
    boolean matches(String address) {
        if (pattern == null) {
            return true;
        }
        try {
            return pattern.matcher(new Budgeted(address, STEP_BUDGET)).find();
        } catch (Budgeted.Exhausted e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return pattern == null ? "any" : text;
    }

    /** An address whose characters may be read {@code budget} times in all. */
    private static final class Budgeted implements CharSequence {

        /** Thrown when the budget is spent; no stack trace, it is control flow. */
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super("address_range match exceeded its step budget", null, false, false);
            }
        }

        private final String s;
        private int left;

        Budgeted(String s, int budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
