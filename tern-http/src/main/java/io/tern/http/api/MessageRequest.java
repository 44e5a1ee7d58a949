package io.tern.http.api;

import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.charset.UnencodableCharacterException;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.sms.MessagePart;
import io.tern.smpp.sms.MessageSplitter;
import io.tern.smsc.account.Account;
import io.tern.smsc.submit.SubmissionService.TextSubmission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /messages}, read and checked field by field: every error is a 400
 * {@link Problem} naming the field. The text is encoded (GSM 7-bit when it fits, else UCS-2,
 * unless {@code encoding} says) and split by the SMPP library's {@link MessageSplitter} into
 * concatenated parts (UDH with an 8-bit reference).
 */
final class MessageRequest {

    /** Recipients in one request; a larger group is a campaign. */
    static final int MAX_RECIPIENTS = 1000;
    static final int MAX_CLIENT_REF = 64;
    static final int MAX_CALLBACK_URL = 2048;
    /** An alphanumeric sender ID holds 11 characters (3GPP TS 23.040 §9.1.2.5, TP-OA of 10 octets). */
    static final int MAX_ALPHANUMERIC_SENDER = 11;
    private static final Pattern NUMERIC = Pattern.compile("[+0-9 ()-]+");
    private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9 ._&'-]+");
    private static final Set<String> FIELDS = Set.of("from", "to", "text", "encoding", "schedule_at", "validity",
            "receipt", "callback_url", "client_ref");

    final List<String> to;
    final SmsEncoding encoding;
    final TextSubmission submission;

    private MessageRequest(List<String> to, SmsEncoding encoding, TextSubmission submission) {
        this.to = to;
        this.encoding = encoding;
        this.submission = submission;
    }

    /**
     * @param ref the concatenation reference of this message's parts (0..255)
     */
    static MessageRequest parse(JsonObject body, Account account, Instant now, int ref) {
        Json.onlyFields(body, FIELDS);
        Address from = source(string(body, "from", true), account.defaultRegion());
        List<String> to = recipients(body.getValue("to"), account.defaultRegion());
        List<Address> destinations = new ArrayList<>(to.size());
        for (String n : to) {
            destinations.add(Address.international(n.substring(1)));
        }
        String text = string(body, "text", true);
        if (text.isEmpty()) {
            throw Problem.invalidField("text", "must not be empty");
        }
        SmsEncoding encoding = encoding(string(body, "encoding", false), text);
        List<MessagePart> parts;
        try {
            parts = MessageSplitter.withUdh(text, encoding, MessageSplitter.ReferenceSize.EIGHT_BIT, ref);
        } catch (UnencodableCharacterException e) {
            throw Problem.invalidField("text", "cannot be written in GSM 7-bit (" + e.getMessage()
                    + "); leave encoding out or use ucs2");
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField("text", "too long: " + e.getMessage());
        }
        List<byte[]> bodies = parts.stream().map(MessagePart::shortMessage).toList();
        Instant schedule = scheduleAt(body);
        // validity counts from when the message is first due, a scheduled message's schedule time, and so
        // does the account's default when none is given (docs/http-api.md, "validity")
        Instant due = schedule != null && schedule.isAfter(now) ? schedule : now;
        Instant expiry = validity(body, due);
        if (expiry == null && due != now) {
            expiry = due.plus(account.defaultValidity());
        }
        return new MessageRequest(to, encoding, new TextSubmission(from, destinations, bodies, encoding.dataCoding(),
                bool(body, "receipt"), schedule, expiry, callbackUrl(body), clientRef(body)));
    }

    private static String string(JsonObject body, String field, boolean required) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) {
                throw Problem.invalidField(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw Problem.invalidField(field, "must be a string");
        }
        return s;
    }

    private static boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw Problem.invalidField(field, "must be true or false");
        }
        return b;
    }

    /** A number (E.164, or national in the account's region) or an alphanumeric sender ID. */
    private static Address source(String from, String region) {
        if (from.isEmpty()) {
            throw Problem.invalidField("from", "must not be empty");
        }
        if (NUMERIC.matcher(from).matches()) {
            String digits = NOT_DIGIT.matcher(from).replaceAll("");
            if (!from.startsWith("+") && region == null || digits.length() <= 8 && !from.startsWith("+")) {
                // a short code (or a number the account cannot place): kept as given, TON unknown
                if (digits.isEmpty() || digits.length() > 20) {
                    throw Problem.invalidField("from", "a short code has 1..20 digits");
                }
                return Address.of(0, 1, digits);
            }
            try {
                return Address.international(PhoneNumbers.e164(from, region).substring(1));
            } catch (PhoneNumbers.Invalid e) {
                throw Problem.invalidField("from", e.getMessage() + ": '" + from + "'");
            }
        }
        if (from.length() > MAX_ALPHANUMERIC_SENDER || !ALPHANUMERIC.matcher(from).matches()) {
            throw Problem.invalidField("from", "an alphanumeric sender has 1.." + MAX_ALPHANUMERIC_SENDER
                    + " letters, digits, spaces or . _ & ' -");
        }
        return Address.of(5, 0, from);
    }

    private static List<String> recipients(Object v, String region) {
        List<Object> raw;
        boolean list;
        if (v == null) {
            throw Problem.invalidField("to", "is required: a number or a list of numbers");
        } else if (v instanceof String s) {
            raw = List.of(s);
            list = false;
        } else if (v instanceof JsonArray a) {
            raw = a.getList();
            list = true;
            if (raw.isEmpty()) {
                throw Problem.invalidField("to", "must name at least one number");
            }
            if (raw.size() > MAX_RECIPIENTS) {
                throw Problem.invalidField("to", raw.size() + " numbers, at most " + MAX_RECIPIENTS
                        + " in one request (use a campaign for more)");
            }
        } else {
            throw Problem.invalidField("to", "must be a number (string) or a list of them");
        }
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String field = list ? "to[" + i + "]" : "to";
            if (!(raw.get(i) instanceof String s)) {
                throw Problem.invalidField(field, "must be a string");
            }
            try {
                out.add(PhoneNumbers.e164(s, region));
            } catch (PhoneNumbers.Invalid e) {
                throw Problem.invalidField(field, e.getMessage() + ": '" + s + "'");
            }
        }
        return out;
    }

    private static SmsEncoding encoding(String e, String text) {
        if (e == null || e.equals("auto")) {
            return EncodingChooser.choose(text);
        }
        return switch (e.toLowerCase(Locale.ROOT)) {
            case "gsm7" -> SmsEncoding.GSM7;
            case "ucs2" -> SmsEncoding.UCS2;
            default -> throw Problem.invalidField("encoding", "must be auto, gsm7 or ucs2, not '" + e + "'");
        };
    }

    private static Instant scheduleAt(JsonObject body) {
        String s = string(body, "schedule_at", false);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.invalidField("schedule_at", "must be an RFC 3339 time with offset, e.g. "
                    + "2026-12-24T18:00:00Z, not '" + s + "'");
        }
    }

    /** {@code validity}: an ISO 8601 duration ({@code PT2H}) or seconds after {@code from}; the end of validity, or null for the default. */
    private static Instant validity(JsonObject body, Instant from) {
        Object v = body.getValue("validity");
        if (v == null) {
            return null;
        }
        Duration d;
        if (v instanceof Number n) {
            if (n.doubleValue() != Math.floor(n.doubleValue())) {
                throw Problem.invalidField("validity", "seconds must be a whole number");
            }
            d = Duration.ofSeconds(n.longValue());
        } else if (v instanceof String s) {
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw Problem.invalidField("validity", "must be an ISO 8601 duration such as PT2H or P1D, or seconds,"
                        + " not '" + s + "'");
            }
        } else {
            throw Problem.invalidField("validity", "must be an ISO 8601 duration (string) or seconds (number)");
        }
        if (d.isNegative() || d.isZero()) {
            throw Problem.invalidField("validity", "must be positive");
        }
        return from.plus(d);
    }

    private static String callbackUrl(JsonObject body) {
        String s = string(body, "callback_url", false);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_CALLBACK_URL) {
            throw Problem.invalidField("callback_url", "longer than " + MAX_CALLBACK_URL + " characters");
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw Problem.invalidField("callback_url", "must be an absolute http or https URL, not '" + s + "'");
            }
        } catch (URISyntaxException e) {
            throw Problem.invalidField("callback_url", "not a URL: " + e.getMessage());
        }
        return s;
    }

    private static String clientRef(JsonObject body) {
        String s = string(body, "client_ref", false);
        if (s != null && (s.isEmpty() || s.length() > MAX_CLIENT_REF)) {
            throw Problem.invalidField("client_ref", "must have 1.." + MAX_CLIENT_REF + " characters");
        }
        return s;
    }
}
