package io.tern.smpp.sms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The text of a delivery receipt, {@code id:… sub:… dlvrd:… submit date:… done date:… stat:…
 * err:… text:…} (SMPP 3.4 Appendix B). The format is not normative, so {@link #parse} is
 * lenient: keys in any case, fields missing, dates with or without seconds, and {@code text:}
 * running to the end whatever it holds. Absent fields are {@code null}.
 *
 * @param id the message id as sent, decimal or hex; see {@link #idAsDecimal()} / {@link #idAsHex()}
 * @param submitted the {@code sub} count
 * @param delivered the {@code dlvrd} count
 * @param submitDate {@code submit date}, read in the zone given to {@link #parse}
 * @param doneDate {@code done date}
 * @param stat the {@code stat} word as sent; see {@link #statValue()}
 * @param err the {@code err} code as sent
 * @param text the {@code text} excerpt
 */
public record DeliveryReceipt(
        String id, Integer submitted, Integer delivered, Instant submitDate, Instant doneDate,
        String stat, String err, String text) {

    /** Characters of the original message Appendix B puts in {@code text:}. */
    public static final int TEXT_EXCERPT_LENGTH = 20;

    private static final String[] KEYS = {
        "id:", "sub:", "dlvrd:", "submit date:", "done date:", "submit_date:", "done_date:", "stat:", "err:", "text:"
    };
    private static final int ID = 0;
    private static final int SUB = 1;
    private static final int DLVRD = 2;
    private static final int SUBMIT_DATE = 3;
    private static final int DONE_DATE = 4;
    private static final int SUBMIT_DATE_ALT = 5;
    private static final int DONE_DATE_ALT = 6;
    private static final int STAT = 7;
    private static final int ERR = 8;
    private static final int TEXT = 9;

    /** A receipt for a message, its text cut to the first 20 characters as Appendix B says. */
    public static DeliveryReceipt of(String id, int submitted, int delivered, Instant submitDate,
            Instant doneDate, ReceiptStat stat, String err, String messageText) {
        String excerpt = messageText == null ? ""
                : messageText.length() <= TEXT_EXCERPT_LENGTH ? messageText
                : messageText.substring(0, TEXT_EXCERPT_LENGTH);
        return new DeliveryReceipt(id, submitted, delivered, submitDate, doneDate, stat.name(), err, excerpt);
    }

    /** Parses with dates read as UTC. */
    public static DeliveryReceipt parse(String receipt) {
        return parse(receipt, ZoneOffset.UTC);
    }

    /**
     * Parses a receipt; never throws on content. A key counts only at the start or after
     * whitespace; everything after {@code text:} is the text. Dates that are not 10 or 12
     * digits of a valid time, and counts that are not numbers, come back {@code null}.
     */
    public static DeliveryReceipt parse(String receipt, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String[] values = fields(receipt);
        String submitDate = values[SUBMIT_DATE] != null ? values[SUBMIT_DATE] : values[SUBMIT_DATE_ALT];
        String doneDate = values[DONE_DATE] != null ? values[DONE_DATE] : values[DONE_DATE_ALT];
        return new DeliveryReceipt(values[ID], number(values[SUB]), number(values[DLVRD]),
                date(submitDate, zone), date(doneDate, zone), values[STAT], values[ERR], values[TEXT]);
    }

    /**
     * {@link #parse(String)} without the dates, which come back null: for a reader that needs only
     * the id, the counts, the stat, the err and the text (an SMSC matching an upstream's receipt),
     * reading two dates is most of the work.
     */
    public static DeliveryReceipt parseIgnoringDates(String receipt) {
        String[] values = fields(receipt);
        return new DeliveryReceipt(values[ID], number(values[SUB]), number(values[DLVRD]), null, null,
                values[STAT], values[ERR], values[TEXT]);
    }

    /** The raw value of each of {@link #KEYS} in {@code receipt}, null where absent. */
    private static String[] fields(String receipt) {
        Objects.requireNonNull(receipt, "receipt");
        String[] values = new String[KEYS.length];
        int n = receipt.length();
        int currentKey = -1;
        int valueStart = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && !Character.isWhitespace(receipt.charAt(i - 1))) {
                continue;
            }
            int k = keyAt(receipt, i);
            if (k < 0) {
                continue;
            }
            if (currentKey >= 0 && values[currentKey] == null) {
                values[currentKey] = receipt.substring(valueStart, i).trim();
            }
            currentKey = k;
            valueStart = i + KEYS[k].length();
            i = valueStart - 1;
            if (k == TEXT) {
                break;
            }
        }
        if (currentKey >= 0 && values[currentKey] == null) {
            String rest = receipt.substring(valueStart);
            values[currentKey] = currentKey == TEXT ? rest : rest.trim();
        }
        return values;
    }

    /** The lower-case first letters of {@link #KEYS}: most words of a receipt start with none of them. */
    private static final String KEY_INITIALS = initials();

    private static String initials() {
        StringBuilder sb = new StringBuilder();
        for (String k : KEYS) {
            if (sb.indexOf(k.substring(0, 1)) < 0) {
                sb.append(k.charAt(0));
            }
        }
        return sb.toString();
    }

    private static int keyAt(String s, int i) {
        if (KEY_INITIALS.indexOf(Character.toLowerCase(s.charAt(i))) < 0) {
            return -1;
        }
        for (int k = 0; k < KEYS.length; k++) {
            if (s.regionMatches(true, i, KEYS[k], 0, KEYS[k].length())) {
                return k;
            }
        }
        return -1;
    }

    private static Integer number(String s) {
        if (s == null || s.isEmpty() || s.length() > 9) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Instant date(String s, ZoneId zone) {
        if (s == null || (s.length() != 10 && s.length() != 12)) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            LocalDateTime t = LocalDateTime.of(2000 + two(s, 0), two(s, 2), two(s, 4), two(s, 6), two(s, 8),
                    s.length() == 12 ? two(s, 10) : 0);
            return t.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int two(String s, int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    /** The receipt text with dates as UTC {@code YYMMDDhhmm}. */
    public String format() {
        return format(ZoneOffset.UTC);
    }

    /**
     * The receipt text in Appendix B's layout, dates as {@code YYMMDDhhmm} in {@code zone};
     * sub and dlvrd as 3 digits; absent fields written empty.
     */
    public String format(ZoneId zone) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("id:").append(nullToEmpty(id));
        sb.append(" sub:");
        count(sb, submitted);
        sb.append(" dlvrd:");
        count(sb, delivered);
        sb.append(" submit date:");
        date(sb, submitDate, zone);
        sb.append(" done date:");
        date(sb, doneDate, zone);
        sb.append(" stat:").append(nullToEmpty(stat));
        sb.append(" err:").append(nullToEmpty(err));
        sb.append(" text:").append(nullToEmpty(text));
        return sb.toString();
    }

    /** The placeholders {@link #format(String, ZoneId)} fills, each written in braces: {@code {id}}. */
    public static final List<String> TEMPLATE_FIELDS =
            List.of("id", "sub", "dlvrd", "submit_date", "done_date", "stat", "err", "text");

    /**
     * The receipt text laid out by {@code template} rather than Appendix B's layout, for ESMEs that
     * parse another one: each {@code {field}} of {@link #TEMPLATE_FIELDS} is replaced by the field as
     * {@link #format(ZoneId)} writes it, everything else is copied.
     *
     * @throws IllegalArgumentException for a placeholder not in {@link #TEMPLATE_FIELDS} or a brace
     *     left open (see {@link #checkTemplate})
     */
    public String format(String template, ZoneId zone) {
        checkTemplate(template);
        StringBuilder sb = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                sb.append(template, i, template.length());
                break;
            }
            sb.append(template, i, open);
            int close = template.indexOf('}', open);
            String field = template.substring(open + 1, close);
            switch (field) {
                case "id" -> sb.append(nullToEmpty(id));
                case "sub" -> count(sb, submitted);
                case "dlvrd" -> count(sb, delivered);
                case "submit_date" -> date(sb, submitDate, zone);
                case "done_date" -> date(sb, doneDate, zone);
                case "stat" -> sb.append(nullToEmpty(stat));
                case "err" -> sb.append(nullToEmpty(err));
                default -> sb.append(nullToEmpty(text));
            }
            i = close + 1;
        }
        return sb.toString();
    }

    /**
     * Checks a receipt template: every {@code {} is closed and names a field of
     * {@link #TEMPLATE_FIELDS}.
     *
     * @throws IllegalArgumentException naming the first fault
     */
    public static void checkTemplate(String template) {
        Objects.requireNonNull(template, "template");
        int i = 0;
        while ((i = template.indexOf('{', i)) >= 0) {
            int close = template.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at " + i + " is not closed");
            }
            String field = template.substring(i + 1, close);
            if (!TEMPLATE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field {" + field + "}; known: " + TEMPLATE_FIELDS);
            }
            i = close + 1;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void count(StringBuilder sb, Integer v) {
        if (v != null) {
            if (v < 100) {
                sb.append('0');
            }
            if (v < 10) {
                sb.append('0');
            }
            sb.append(v.intValue());
        }
    }

    private static void date(StringBuilder sb, Instant instant, ZoneId zone) {
        if (instant == null) {
            return;
        }
        ZonedDateTime t = instant.atZone(zone);
        two(sb, t.getYear() % 100);
        two(sb, t.getMonthValue());
        two(sb, t.getDayOfMonth());
        two(sb, t.getHour());
        two(sb, t.getMinute());
    }

    private static void two(StringBuilder sb, int v) {
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** The stat as a known value, if it is one. */
    public Optional<ReceiptStat> statValue() {
        return ReceiptStat.parse(stat);
    }

    /** The id read as a decimal number, if it is one that fits a {@code long}. */
    public OptionalLong idAsDecimal() {
        return parseId(id, 10);
    }

    /** The id read as a hexadecimal number, if it is one that fits 64 bits. */
    public OptionalLong idAsHex() {
        return parseId(id, 16);
    }

    private static OptionalLong parseId(String id, int radix) {
        if (id == null || id.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(radix == 16 ? Long.parseUnsignedLong(id, 16) : Long.parseLong(id));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
