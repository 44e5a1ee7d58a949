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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads a campaign's CSV as a stream and stores it in batches: each row validated (number, placeholder
 * values, duplicate, route, opt-out) and kept as an accepted row or a rejected line with its reason.
 * The checks of a row that need no other row (number, placeholders, length) run on checker threads
 * a chunk at a time, in parallel; the rest in order on the caller's thread. Memory: the chunks being
 * checked (one per checker and one more), one batch being filled, at most {@link #IN_FLIGHT} being
 * committed, and the set of numbers seen (8 bytes a number, {@link NumberSet}).
 */
final class CampaignUpload {

    /** Rows per store operation. */
    static final int BATCH = 5_000;
    /** Batches committing while the next is read: enough to keep the store's writer busy. */
    private static final int IN_FLIGHT = 2;
    /** Rows checked together by one of the checker threads. */
    private static final int CHUNK = 1_000;
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
    /** Threads checking numbers and texts, chunk by chunk, while this one reads and stores. */
    private final ExecutorService checker;
    private final int checkers;
    private final NumberSet seen = new NumberSet();
    private List<CampaignStore.Row> rows = new ArrayList<>();
    private List<CampaignStore.Reject> rejects = new ArrayList<>();
    private long total;
    private long accepted;
    private long rejected;

    CampaignUpload(CampaignStore store, long id, String owner, CampaignSpec spec, Suppressions suppressions,
            Function<String, String> routeCheck, ExecutorService checker, int checkers) {
        this.store = store;
        this.id = id;
        this.owner = owner;
        this.spec = spec;
        this.suppressions = suppressions;
        this.routeCheck = routeCheck;
        this.checker = checker;
        this.checkers = checkers;
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
            String separator = names.size() == 1 && names.get(0).contains(";") ? ";"
                    : names.size() == 1 && names.get(0).contains("\t") ? "tabs" : null;
            throw CampaignException.invalid("CSV: the header " + names + " has no 'to' column (the recipients' numbers)"
                    + (separator == null ? "" : "; columns are separated by commas, this file uses " + separator));
        }
        Template.Bound template = Template.parse(spec.template()).bind(names);
        int toColumn = to;
        Deque<Future<List<Checked>>> checking = new ArrayDeque<>();
        List<String[]> chunk = new ArrayList<>(CHUNK);
        List<Long> chunkLines = new ArrayList<>(CHUNK);
        String[] fields = in.next();
        if (fields == null) {
            throw CampaignException.invalid("CSV: no rows after the header; a campaign needs at least one recipient");
        }
        for (; fields != null; fields = in.next()) {
            chunk.add(fields);
            chunkLines.add(in.line());
            if (chunk.size() == CHUNK) {
                checking.add(submit(template, toColumn, chunk, chunkLines));
                chunk = new ArrayList<>(CHUNK);
                chunkLines = new ArrayList<>(CHUNK);
                if (checking.size() > checkers) {
                    take(checking.poll());
                }
            }
        }
        checking.add(submit(template, toColumn, chunk, chunkLines));
        while (!checking.isEmpty()) {
            take(checking.poll());
        }
        flush();
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        return new Result(total, accepted, rejected);
    }

    /** A CSV record with what the checks that need no order found: its number, its text, or why not. */
    private record Checked(String[] fields, long line, String digits, String text, String refusal) {
    }

    private Future<List<Checked>> submit(Template.Bound template, int to, List<String[]> rows, List<Long> lines) {
        return checker.submit(() -> {
            List<Checked> out = new ArrayList<>(rows.size());
            String[] missing = new String[1];
            for (int i = 0; i < rows.size(); i++) {
                out.add(check(template, to, rows.get(i), lines.get(i), missing));
            }
            return out;
        });
    }

    /** The checks of one row that depend on nothing else: number, placeholders, length. */
    private Checked check(Template.Bound template, int to, String[] fields, long line, String[] missing) {
        String raw = to < fields.length ? fields[to] : "";
        String digits = raw.isBlank() ? null : Recipients.normalise(raw, spec.defaultRegion());
        if (digits == null) {
            return new Checked(fields, line, null, null,
                    raw.isBlank() ? "no number in column 'to'" : "invalid number '" + raw.trim() + "'");
        }
        String text = template.render(fields, missing);
        if (text == null) {
            return new Checked(fields, line, digits, null, "no value for {{" + missing[0] + "}}");
        }
        int parts = EncodingChooser.plan(text).parts();
        if (parts > MessageSplitter.MAX_PARTS) {
            return new Checked(fields, line, digits, null, "text needs " + parts + " parts, more than "
                    + MessageSplitter.MAX_PARTS);
        }
        return new Checked(fields, line, digits, text, null);
    }

    /** The checks that need the rows in order (duplicates), then the row into the batch. */
    private void take(Future<List<Checked>> checked) {
        for (Checked c : await(checked)) {
            total++;
            if (c.refusal() != null) {
                reject(c.line(), c.refusal(), c.fields());
                continue;
            }
            if (!seen.add(Long.parseLong(c.digits()))) {
                reject(c.line(), "duplicate number " + c.digits() + " (already on an earlier line)", c.fields());
                continue;
            }
            String refusal = routeCheck.apply(c.digits());
            if (refusal != null) {
                reject(c.line(), refusal, c.fields());
                continue;
            }
            rows.add(new CampaignStore.Row(total, c.digits(), c.text()));
            lines.add(c.line());
            originals.add(c.fields());
            if (rows.size() >= BATCH) {
                flush();
            }
        }
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

    static <T> T await(Future<T> f) {
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
