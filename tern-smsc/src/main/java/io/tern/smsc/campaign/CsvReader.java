package io.tern.smsc.campaign;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""} for a quote
 * inside them, CRLF or LF line ends) one record at a time from a stream, so a file of any length
 * takes the memory of one record. Bytes that are not UTF-8 (when the reader reports them) are an error naming
 * the line. A record longer than {@code maxRecordChars} is an error, so that a
 * file without line ends cannot grow the heap.
 */
final class CsvReader {

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long line;
    /** Line ends read so far. */
    private long newlines;
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();

    CsvReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /** The line the last record returned started on, 1 for the first. */
    long line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input; blank lines are skipped. */
    String[] next() throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                return null;
            }
            line = newlines + 1;
            if (c == '\n') {
                newlines++;
                continue;
            }
            if (c == '\r') {
                continue;
            }
            pushBack();
            return record();
        }
    }

    private String[] record() throws IOException {
        fields.clear();
        field.setLength(0);
        int chars = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (++chars > maxRecordChars) {
                throw CampaignException.invalid("CSV line " + line + " is longer than " + maxRecordChars + " characters");
            }
            if (quoted) {
                if (c < 0) {
                    throw CampaignException.invalid("CSV line " + line + ": a quoted field is never closed");
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (d >= 0) {
                            pushBack();
                        }
                    }
                } else {
                    if (c == '\n') {
                        newlines++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c < 0 || c == '\n') {
                if (c == '\n') {
                    newlines++;
                }
                fields.add(field.toString());
                return fields.toArray(new String[0]);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
    }

    private int read() throws IOException {
        if (pos == len) {
            try {
                len = in.read(buf, 0, buf.length);
            } catch (CharacterCodingException e) {
                // the reader hands over every character before the bad bytes first, so they are on this line
                throw CampaignException.invalid("CSV line " + (newlines + 1) + " is not UTF-8 (bytes that are no UTF-8"
                        + " character, as in a file saved as Latin-1 or Windows-1252): save the file as UTF-8");
            }
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private void pushBack() {
        pos--;
    }

    /** {@code fields} as one CSV line, quoted where needed: how a rejected row is given back. */
    static String format(String[] fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, fields[i]);
        }
        return b.toString();
    }

    static void quote(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            b.append(v);
            return;
        }
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
