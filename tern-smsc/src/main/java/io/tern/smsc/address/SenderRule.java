package io.tern.smsc.address;

import io.tern.smpp.pdu.Address;
import java.util.List;
import java.util.Objects;

/**
 * A sender-ID rule (docs/protocol.md, "Sender-ID rules"): rewrites the source address of a message at
 * submission, for an account or a route. It masks the address with a fixed sender ({@code replace}:
 * an alphanumeric name or a number) or rewrites its prefix ({@code stripPrefix}, then
 * {@code addPrefix}), and sets TON/NPI to match the result: an alphanumeric sender is TON 5 NPI 0
 * (3GPP TS 23.040 §9.1.2.5), a number international, TON 1 NPI 1 (E.164), unless {@code ton} /
 * {@code npi} say otherwise.
 *
 * @param name how the message's history names the rule, e.g. {@code account acme} or {@code route 2}
 * @param when the rule applies only to submitted source addresses matching it; null: to every one
 * @param replace the fixed sender, or null to rewrite the prefix
 * @param stripPrefix removed from the front; when set, the rule applies only to addresses starting with it
 * @param addPrefix put in front (after any strip)
 * @param ton TON of the result, or null for the one its form implies
 * @param npi NPI of the result, or null for the one its form implies
 */
public record SenderRule(String name, AddressPattern when, String replace, String stripPrefix, String addPrefix,
        Integer ton, Integer npi) {

    /** TON alphanumeric (GSM 03.40 §9.1.2.5; SMPP 3.4 §5.2.5). */
    public static final int TON_ALPHANUMERIC = 5;
    /** TON international. */
    public static final int TON_INTERNATIONAL = 1;
    /** NPI unknown, the one an alphanumeric sender carries. */
    public static final int NPI_UNKNOWN = 0;
    /** NPI ISDN/telephone (E.164). */
    public static final int NPI_E164 = 1;
    /** Characters an alphanumeric sender may have: 11 GSM 7-bit characters fill the 10-octet TP-OA. */
    public static final int MAX_ALPHANUMERIC = 11;
    /** Characters a number may have in source_addr (21 octets with the NUL, SMPP 3.4 §5.2.8). */
    public static final int MAX_NUMBER = 20;

    public SenderRule {
        Objects.requireNonNull(name, "name");
        if (replace == null && stripPrefix == null && addPrefix == null) {
            throw new IllegalArgumentException("a sender rule needs replace, strip_prefix or add_prefix");
        }
        if (replace != null && (stripPrefix != null || addPrefix != null)) {
            throw new IllegalArgumentException("replace cannot be combined with strip_prefix or add_prefix");
        }
        if (replace != null) {
            checkLength(replace);
        }
        if (ton != null && (ton < 0 || ton > 6)) {
            throw new IllegalArgumentException("ton must be 0..6 (SMPP 3.4 §5.2.5)");
        }
        if (npi != null && (npi < 0 || npi > 18)) {
            throw new IllegalArgumentException("npi must be 0..18 (SMPP 3.4 §5.2.6)");
        }
    }

    /** The result of the first rule of {@code rules} that applies to {@code source}, or null if none does. */
    public static Rewrite applyFirst(List<SenderRule> rules, Address source) {
        for (SenderRule r : rules) {
            Rewrite w = r.apply(source);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    /**
     * {@code source} rewritten by this rule, or null when the rule does not apply to it.
     *
     * @throws IllegalArgumentException when the rewritten address is longer than SMPP allows
     */
    public Rewrite apply(Address source) {
        String addr = source.address();
        if (when != null && !when.matches(addr)) {
            return null;
        }
        String what;
        if (replace != null) {
            addr = replace;
            what = "replace with '" + replace + "'";
        } else {
            if (stripPrefix != null) {
                if (!addr.startsWith(stripPrefix)) {
                    return null;
                }
                addr = addr.substring(stripPrefix.length());
            }
            if (addPrefix != null) {
                addr = addPrefix + addr;
            }
            what = (stripPrefix != null ? "strip_prefix '" + stripPrefix + "'" : "")
                    + (stripPrefix != null && addPrefix != null ? ", " : "")
                    + (addPrefix != null ? "add_prefix '" + addPrefix + "'" : "");
        }
        checkLength(addr);
        boolean alphanumeric = isAlphanumeric(addr);
        int newTon = ton != null ? ton : alphanumeric ? TON_ALPHANUMERIC : TON_INTERNATIONAL;
        int newNpi = npi != null ? npi : alphanumeric ? NPI_UNKNOWN : NPI_E164;
        Address result = new Address(newTon, newNpi, addr);
        return new Rewrite(result, name + ": " + what + " -> " + result + " (submitted " + source + ")");
    }

    /** Whether {@code addr} is a name rather than a number: anything but digits (a leading '+' aside). */
    static boolean isAlphanumeric(String addr) {
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if ((c < '0' || c > '9') && !(c == '+' && i == 0)) {
                return true;
            }
        }
        return false;
    }

    private static void checkLength(String addr) {
        if (addr.isEmpty()) {
            throw new IllegalArgumentException("the rewritten source address is empty");
        }
        int max = isAlphanumeric(addr) ? MAX_ALPHANUMERIC : MAX_NUMBER;
        if (addr.length() > max) {
            throw new IllegalArgumentException("'" + addr + "' is longer than " + max + " characters, the most an "
                    + (max == MAX_ALPHANUMERIC ? "alphanumeric sender" : "address") + " may have");
        }
    }

    /**
     * A source address after a rule, and the line its message's history keeps: the rule's name,
     * what it did, the result and the address as submitted (TON.NPI.address).
     */
    public record Rewrite(Address address, String description) {

        /** This rewrite followed by {@code next} (the route's rule after the account's); either may be null. */
        public static Rewrite then(Rewrite first, Rewrite next) {
            if (first == null) {
                return next;
            }
            return next == null ? first : new Rewrite(next.address, first.description + "; " + next.description);
        }
    }
}
