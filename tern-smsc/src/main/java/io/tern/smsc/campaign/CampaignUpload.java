package io.tern.smsc.campaign;

import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.sms.MessageSplitter;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Reads a campaign's CSV as a stream and stores it in batches: each row validated (number, placeholder
 * values, duplicate, route, opt-out) and kept as an accepted row or a rejected line with its reason.
 * Memory: one batch being filled, at most {@link #IN_FLIGHT} being committed, and the set of numbers
 * seen (8 bytes a number, {@link NumberSet}).
 */
final class CampaignUpload {

    /** Rows per store operation. */
    static final int BATCH = 5_000;
    /** Batches committing while the next is read: enough to keep the store's writer busy. */
    private static final int IN_FLIGHT = 2;
    /** Longest CSV record accepted, in characters. */
    static final int MAX_RECORD_CHARS = 64 * 1024;

    /** The counts an upload ends with. */
    record Result(long total, long accepted, long rejected) {
    }

    private final CampaignStore store;
    private final long id;
    private final String owner;
    private final CampaignSpec spec;
    private final Suppressions suppressions;
    /** Why a message to these E.164 digits would be refused (no route ...), or null if it would not. */
    private final Function<String, String> routeCheck;
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final NumberSet seen = new NumberSet();
    private List<CampaignStore.Row> rows = new ArrayList<>();
    private List<CampaignStore.Reject> rejects = new ArrayList<>();
    private long total;
    private long accepted;
    private long rejected;

    CampaignUpload(CampaignStore store, long id, String owner, CampaignSpec spec, Suppressions suppressions,
            Function<String, String> routeCheck) {
        this.store = store;
        this.id = id;
        this.owner = owner;
        this.spec = spec;
        this.suppressions = suppressions;
        this.routeCheck = routeCheck;
    }

    /** Reads and stores every row; returns once all are committed. */
    Result run(Reader csv) throws IOException {
        CsvReader in = new CsvReader(csv, MAX_RECORD_CHARS);
        String[] header = in.next();
        if (header == null) {
            throw CampaignException.invalid("CSV: empty; the first line must be a header with a 'to' column");
        }
        List<String> names = new ArrayList<>();
        for (String h : header) {
            names.add(names.isEmpty() && h.startsWith("\uFEFF") ? h.substring(1).trim() : h.trim());
        }
        int to = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase("to")) {
                to = i;
            }
        }
        if (to < 0) {
            throw CampaignException.invalid("CSV: the header " + names + " has no 'to' column (the recipients' numbers)");
        }
        Template.Bound template = Template.parse(spec.template()).bind(names);
        String[] missing = new String[1];
        String[] fields;
        while ((fields = in.next()) != null) {
            total++;
            long line = in.line();
            String raw = to < fields.length ? fields[to] : "";
            String digits = raw.isBlank() ? null : Recipients.normalise(raw, spec.defaultRegion());
            if (digits == null) {
                reject(line, raw.isBlank() ? "no number in column 'to'" : "invalid number '" + raw.trim() + "'", fields);
                continue;
            }
            String text = template.render(fields, missing);
            if (text == null) {
                reject(line, "no value for {{" + missing[0] + "}}", fields);
                continue;
            }
            int parts = EncodingChooser.plan(text).parts();
            if (parts > MessageSplitter.MAX_PARTS) {
                reject(line, "text needs " + parts + " parts, more than " + MessageSplitter.MAX_PARTS, fields);
                continue;
            }
            if (!seen.add(Long.parseLong(digits))) {
                reject(line, "duplicate number " + digits + " (already on an earlier line)", fields);
                continue;
            }
            String refusal = routeCheck.apply(digits);
            if (refusal != null) {
                reject(line, refusal, fields);
                continue;
            }
            rows.add(new CampaignStore.Row(total, digits, text));
            lines.add(line);
            originals.add(fields);
            if (rows.size() >= BATCH) {
                flush();
            }
        }
        flush();
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        return new Result(total, accepted, rejected);
    }

    /** For the rows of the batch being filled: their CSV lines and fields, in case they turn out opted out. */
    private List<Long> lines = new ArrayList<>();
    private List<String[]> originals = new ArrayList<>();

    private void reject(long line, String reason, String[] fields) {
        rejected++;
        rejects.add(new CampaignStore.Reject(line, reason, CsvReader.format(fields)));
        if (rejects.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!rows.isEmpty()) {
            List<String> numbers = new ArrayList<>(rows.size());
            for (CampaignStore.Row r : rows) {
                numbers.add(r.dest());
            }
            Set<String> out = suppressions.suppressed(owner, numbers);
            if (!out.isEmpty()) {
                List<CampaignStore.Row> kept = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    CampaignStore.Row r = rows.get(i);
                    if (out.contains(r.dest())) {
                        rejected++;
                        rejects.add(new CampaignStore.Reject(lines.get(i), "opted out: " + r.dest()
                                + " is on the account's suppression list", CsvReader.format(originals.get(i))));
                    } else {
                        kept.add(r);
                    }
                }
                rows = kept;
            }
        }
        if (rows.isEmpty() && rejects.isEmpty()) {
            return;
        }
        accepted += rows.size();
        if (inFlight.size() >= IN_FLIGHT) {
            await(inFlight.poll());
        }
        inFlight.add(store.append(id, rows, rejects));
        rows = new ArrayList<>();
        rejects = new ArrayList<>();
        lines = new ArrayList<>();
        originals = new ArrayList<>();
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }
}
