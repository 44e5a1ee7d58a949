package io.tern.smsc.cdr;

import io.tern.smsc.store.MessageRecord;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Messages and their outcomes as CSV (RFC 4180), straight from the store a row at a time, so an
 * export of any size takes no more memory than one row ({@code tern export}, docs/operations.md).
 * The message text is not exported: content does not belong in records.
 */
public final class CsvExport {

    /** The header row. */
    public static final String HEADER = "message_id,account,source,destination,service_type,parts,channel,connector,"
            + "upstream_id,submit_time,schedule_time,expiry_time,state,done_time,attempts,error,receipt";

    private CsvExport() {
    }

    /**
     * Writes the header and every message submitted in [{@code from}, {@code to}) (of {@code account}
     * only, unless null) to {@code out}. Completes with how many rows were written; fails with the
     * store's error or the writer's {@link IOException} (wrapped in {@link UncheckedIOException}).
     */
    public static CompletableFuture<Long> write(MessageStore store, Instant from, Instant to, String account,
            Writer out) {
        try {
            out.write(HEADER);
            out.write("\r\n");
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        StringBuilder row = new StringBuilder(256);
        return store.forEachMessage(from, to, account, r -> {
            row.setLength(0);
            append(row, r);
            try {
                out.append(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void append(StringBuilder row, MessageRecord r) {
        StoredMessage m = r.message();
        field(row, m.id()).append(',');
        field(row, m.owner()).append(',');
        field(row, m.source().addr()).append(',');
        field(row, m.destination().addr()).append(',');
        field(row, m.serviceType()).append(',');
        row.append(CdrLine.parts(m)).append(',');
        field(row, m.target()).append(',');
        field(row, r.upstream()).append(',');
        field(row, r.upstreamId()).append(',');
        time(row, m.submitTime()).append(',');
        time(row, m.scheduleTime()).append(',');
        time(row, m.expiryTime()).append(',');
        row.append(m.state().name()).append(',');
        time(row, m.finalTime()).append(',');
        row.append(m.attempts()).append(',');
        row.append(m.lastError()).append(',');
        row.append(m.receiptState().name()).append("\r\n");
    }

    private static StringBuilder time(StringBuilder row, Instant t) {
        return t == null ? row : row.append(t);
    }

    /** A field, quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6, §2.7). */
    private static StringBuilder field(StringBuilder row, String v) {
        if (v == null) {
            return row;
        }
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return row.append(v);
        }
        return row.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
