package io.tern.http.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1) read as it streams, on a worker
 * thread: the fields that come before one named part, then that part's content as a stream of its
 * own, never the whole body in memory. A browser sends a form's fields in the order of the form.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    /** Longest header block of a part, and longest field value: a form's fields are short. */
    private static final int MAX_HEADERS = 8 * 1024;
    private static final int MAX_FIELD = 64 * 1024;

    private final InputStream in;
    /** CRLF "--" boundary: what ends every part (the body is read as if it began with a CRLF). */
    private final byte[] delimiter;
    private boolean started;
    private boolean ended;

    MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary of a {@code multipart/form-data} Content-Type. */
    static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new Problem(400, "Invalid multipart form", "Content-Type multipart/form-data without a boundary",
                    null, null);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /**
     * Reads the parts before the one named {@code name} as text fields (UTF-8; a later one of the
     * same name wins) and returns them; the stream is then at the start of that part's content.
     *
     * @throws Problem if the form ends without that part, or a field is over 64 KiB
     */
    Map<String, String> fieldsBefore(String name) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (nextPart()) {
            String part = partName(readHeaders());
            if (name.equals(part)) {
                return fields;
            }
            byte[] value = readAll(new Part(), MAX_FIELD);
            if (part != null) {
                fields.put(part, new String(value, StandardCharsets.UTF_8));
            }
        }
        throw Problem.invalidField(name, "the multipart form has no part named '" + name + "' holding the CSV");
    }

    /** The content of the part {@link #fieldsBefore} stopped at, up to its boundary. */
    InputStream part() {
        return new Part();
    }

    /** Reads and drops whatever follows (other parts, the epilogue). */
    void drain() throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // dropped
        }
    }

    /** Moves past the next delimiter; whether a part follows it (false: the closing delimiter, or the end). */
    private boolean nextPart() throws IOException {
        if (ended) {
            return false;
        }
        if (!started) {
            started = true;
            // the first delimiter has no CRLF before it: skip a preamble up to "--boundary"
            Part preamble = new Part(true);
            while (preamble.read() >= 0) {
                // dropped
            }
        }
        int a = in.read();
        int b = in.read();
        if (a == '-' && b == '-' || a < 0 || b < 0) {
            ended = true;
            return false;
        }
        while (a == ' ' || a == '\t') { // transport padding
            a = b;
            b = in.read();
        }
        if (a != '\r' || b != '\n') {
            throw new Problem(400, "Invalid multipart form", "a boundary line is not followed by CRLF", null, null);
        }
        return true;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int last4 = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new Problem(400, "Invalid multipart form", "the body ends inside a part's headers", null, null);
            }
            b.write(c);
            last4 = last4 << 8 | c;
            if (last4 == 0x0D0A0D0A || b.size() == 2 && last4 == 0x0D0A) {
                return b.toString(StandardCharsets.UTF_8);
            }
            if (b.size() > MAX_HEADERS) {
                throw new Problem(400, "Invalid multipart form", "a part's headers are over 8 KiB", null, null);
            }
        }
    }

    private static String partName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher m = NAME.matcher(line);
                return m.find() ? m.group(1) : null;
            }
        }
        return null;
    }

    private static byte[] readAll(InputStream part, int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = part.read()) >= 0) {
            if (b.size() == max) {
                throw new Problem(400, "Invalid multipart form", "a form field is over " + max / 1024 + " KiB",
                        null, null);
            }
            b.write(c);
        }
        return b.toByteArray();
    }

    /**
     * One part's content: the bytes up to the next delimiter, which is consumed. The delimiter
     * holds CR only first (a boundary has none), so a mismatch only has to look again at the byte
     * that broke it.
     */
    private final class Part extends InputStream {
        private int matched;
        /** The matched prefix being given back after a mismatch, from {@link #replay}, then {@link #held}. */
        private int replay = -1;
        private int replayEnd;
        private int held = -1;
        private boolean done;

        Part() {
            this(false);
        }

        /** {@code preamble}: before the first delimiter, which has no CRLF of its own. */
        Part(boolean preamble) {
            if (preamble) {
                matched = 2; // as if CRLF had been read
            }
        }

        @Override
        public int read() throws IOException {
            while (true) {
                if (replay >= 0) {
                    if (replay < replayEnd) {
                        return delimiter[replay++] & 0xFF;
                    }
                    replay = -1;
                    if (held >= 0) {
                        int h = held;
                        held = -1;
                        return h;
                    }
                }
                if (done) {
                    return -1;
                }
                int c = in.read();
                if (c < 0) {
                    throw new Problem(400, "Invalid multipart form", "the body ends before the form's closing"
                            + " boundary", null, null);
                }
                if (c == (delimiter[matched] & 0xFF)) {
                    matched++;
                    if (matched == delimiter.length) {
                        done = true;
                        return -1;
                    }
                    continue;
                }
                if (matched == 0) {
                    return c;
                }
                // give back what had matched, then look at c again (in a preamble, dropped anyway)
                replay = 0;
                replayEnd = matched;
                matched = 0;
                if (c == '\r') {
                    matched = 1;
                } else {
                    held = c;
                }
            }
        }
    }
}
