package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A store connection with what both SQL stores do the same way on the {@code message}, {@code attempt},
 * {@code quarantine} and {@code upstream_receipt} tables (docs/architecture.md#store): inserts, receipt
 * hand-over outcomes, the settling of a conditional update, claims read back in index order,
 * quarantine, expiry, cancellation, replacement, and the queries that read them. A dialect extends it
 * with its SQL where the two differ (the insert with its lease, how a row is read, row locks, the
 * history statement) and with what is its own (delivery outcomes and their forward links, upstream
 * receipts).
 */
public abstract class StoreStatements extends StoreConnection {

    /** Rows whose state is no message_state; served by the partial index message_unknown_state (V2). */
    public static final String UNKNOWN_STATE_SWEEP = "SELECT id, state FROM message WHERE state < 0 OR state > "
            + MessageState.REJECTED.value() + " LIMIT ?";
    /** A pending message: SCHEDULED or ENROUTE. */
    public static final String PENDING = "state IN (0, 1)";
    /**
     * {@link #PENDING} for a write by id, written as a range so that it does not imply the condition
     * of the partial indexes of pending work: no planner can then serve the write from one of them
     * instead of the primary key (see {@link #RECEIPT_UPDATE}).
     */
    public static final String PENDING_BY_ID = "state BETWEEN 0 AND 1";
    /**
     * A receipt hand-over's outcome: params the SENT flag, the next try (or when it went), the id.
     * The receipt is PENDING (1) written as a range, for the reason of {@link #PENDING_BY_ID}:
     * PostgreSQL, on a partition without statistics yet, served {@code receipt_state = 1} from the
     * partial index of due receipts (message_receipt_due) and read every pending receipt of the
     * partition for each update (PostgresBench, 2026-12-07: 12.5 million index entries read for
     * 5,254 updates in a warm-up before the partition was analyzed).
     */
    protected static final String RECEIPT_UPDATE = "UPDATE message SET"
            + " receipt_state = CASE WHEN ? THEN 2 ELSE receipt_state END,"
            + " receipt_attempts = receipt_attempts + 1, receipt_next = COALESCE(?, receipt_next),"
            + " receipt_lease_until = NULL WHERE id = ? AND receipt_state BETWEEN 1 AND 1";
    private static final String EXISTS = "SELECT 1 FROM message WHERE id = ?";
    /**
     * A pending message cancelled or superseded becomes DELETED, a final outcome that is not a
     * delivery: a receipt (stat:DELETED) is due when registered_delivery asks for one on failure
     * (bits 1-0 01 or 10, {@link StoredMessage#receiptWanted(int, boolean)}).
     */
    private static final String DELETE = "UPDATE message SET state = 4, final_time = ?, lease_until = NULL,"
            + " receipt_state = CASE WHEN (registered_delivery & 3) IN (1, 2) THEN 1 ELSE receipt_state END,"
            + " receipt_next = CASE WHEN (registered_delivery & 3) IN (1, 2) THEN ? ELSE receipt_next END"
            + " WHERE id = ?";
    private static final String FINISH = "UPDATE message SET state = ?, final_time = ?, lease_until = NULL,"
            + " receipt_state = CASE WHEN ? THEN 1 ELSE receipt_state END,"
            + " receipt_next = CASE WHEN ? THEN ? ELSE receipt_next END WHERE id = ?";
    private static final String KEPT_RECEIPT = "SELECT state, error_code, done_at FROM upstream_receipt"
            + " WHERE upstream = ? AND upstream_id = ?";
    private static final String KEPT_RECEIPT_DELETE =
            "DELETE FROM upstream_receipt WHERE upstream = ? AND upstream_id = ?";
    private static final String WAKE = "UPDATE message SET next_attempt = ? WHERE target = ? AND " + PENDING
            + " AND dest_addr = ? AND next_attempt > ? AND (lease_until IS NULL OR lease_until <= ?)";
    private static final String REPLACE = "UPDATE message SET short_message = ?, tlvs = COALESCE(?, tlvs),"
            + " registered_delivery = ?, schedule_time = COALESCE(?, schedule_time),"
            + " next_attempt = COALESCE(?, next_attempt), state = CASE WHEN ? THEN 0 ELSE state END,"
            + " expiry_time = COALESCE(?, expiry_time) WHERE id = ?";
    private static final String FIND_BY_DEDUPE_KEY = "SELECT id FROM message WHERE owner = ? AND dedupe_key = ?"
            + " AND submit_time >= ? ORDER BY submit_time DESC LIMIT 1";
    /** Served by message_due, whose leading column is target and whose condition is PENDING. */
    private static final String PENDING_BY_TARGET =
            "SELECT target, COUNT(*) FROM message WHERE " + PENDING + " GROUP BY target";
    /** Served by the index of pending receipts. */
    private static final String PENDING_RECEIPTS_BY_OWNER =
            "SELECT owner, COUNT(*) FROM message WHERE receipt_state = 1 GROUP BY owner";
    private static final String COUNT_BY_STATE = "SELECT state, COUNT(*) FROM message GROUP BY state";

    /** A row leased by a claim, with its tie-breaker of the index order (SQLite's rowid, PostgreSQL's seq). */
    public record Claimed(StoredMessage message, long insertion) {
    }

    /** claimDue's order: message_due's, highest priority first, then oldest due, then insertion. */
    public static final Comparator<Claimed> CLAIM_ORDER = Comparator
            .comparingInt((Claimed c) -> -c.message().priorityFlag())
            .thenComparing(c -> c.message().nextAttemptTime())
            .thenComparingLong(Claimed::insertion);
    /** claimDueReceipts' order: message_receipt_due's. */
    public static final Comparator<Claimed> RECEIPT_CLAIM_ORDER = Comparator
            .comparing((Claimed c) -> c.message().receiptNextAttemptTime())
            .thenComparingLong(Claimed::insertion);

    /**
     * The SQL in which the dialects differ, for the statements they share.
     *
     * @param insert the message insert: {@link MessageRows#COLUMNS} then the lease
     * @param historyInsert the history insert, with {@link HistoryRows#INSERT}'s parameters
     * @param quarantineColumns the columns a quarantined row keeps: the message's and the leases
     * @param rowLock what a writer's SELECT of a row it is about to change appends to lock it ("" where
     *     one writer is alone)
     * @param rowsLock the same for a SELECT of several rows: their order (so that writers lock in one
     *     order) and the lock
     * @param forwarded a condition on a row of {@code message}, true when an upstream SMSC accepted the
     *     message and Tern keeps its upstream id (where the dialect keeps that link)
     */
    public record Sql(String insert, String historyInsert, String quarantineColumns, String rowLock,
            String rowsLock, String forwarded) {
    }

    private final Logger log;
    private final Sql sql;
    /**
     * Whether upstream_receipt may hold receipts that matched nothing: while it is empty, a forwarded
     * message costs no look-up there. A hint: true is always safe, and a dialect whose table other
     * nodes write keeps it true.
     */
    protected boolean keptReceiptsMayExist = true;

    /** {@code log}: the store's, where quarantined rows are reported. */
    protected StoreStatements(Connection connection, Logger log, Sql sql) {
        super(connection);
        this.log = log;
        this.sql = sql;
    }

    /** Reads the message columns ({@link MessageRows#COLUMNS}, selected first) of the current row. */
    protected abstract StoredMessage map(ResultSet rs) throws SQLException;

    /**
     * Reads a row a claim returned: {@link MessageRows#COLUMNS}, then the insertion order, then what
     * else the dialect selected.
     */
    protected abstract StoredMessage mapClaimed(ResultSet rs) throws SQLException;

    /** Binds {@link Sql#insert} for {@code m}, leased until {@code leaseUntil} unless that is null. */
    protected abstract void bindInsert(PreparedStatement ps, StoredMessage m, Instant leaseUntil) throws SQLException;

    /** Runs delivery outcome {@code report} for message {@code id} on its own; whether it changed the row. */
    protected abstract boolean applyReport(String id, Attempt.Reported report) throws SQLException;

    /**
     * Runs the writer's operations of one batchable {@code kind} (not OTHER) as JDBC batches, setting
     * each one's result.
     */
    public abstract void runBatch(WriteOp.Kind kind, List<? extends WriteOp<?, ?>> ops) throws SQLException;

    /** Drops whatever a failed batch left bound, so that the next batch starts clean. */
    public abstract void clearBatches() throws SQLException;

    /** The statement for a JDBC batch of {@code rows} rows. */
    protected PreparedStatement batchPs(String sql, int rows) throws SQLException {
        return ps(sql);
    }

    /**
     * The statement of {@code sql}, a write of table {@code message} by id, for {@code op}'s message:
     * {@code shared}, the batch's statement of {@code sql}, unless the dialect's table is partitioned
     * and it names the partition that holds the row instead ({@link WriteOp#submitTime}).
     */
    protected PreparedStatement rowStatement(String sql, WriteOp<?, ?> op, PreparedStatement shared)
            throws SQLException {
        return shared;
    }

    /**
     * The insert of message {@code m}: {@code shared}, the batch's statement of {@link Sql#insert},
     * unless the dialect's table is partitioned and it names the partition that takes the row.
     */
    protected PreparedStatement insertStatement(StoredMessage m, PreparedStatement shared) throws SQLException {
        return shared;
    }

    /**
     * The history insert ({@link Sql#historyInsert}'s parameters first) for {@code op}'s message:
     * {@code shared}, the batch's statement of {@link Sql#historyInsert}, unless the dialect names
     * a partition (then with its parameters beyond those bound already).
     */
    protected PreparedStatement historyStatement(WriteOp<?, ?> op, PreparedStatement shared) throws SQLException {
        return shared;
    }

    /** Binds one operation's parameters of a batched statement. */
    @FunctionalInterface
    protected interface Binder {
        void bind(PreparedStatement ps, WriteOp<?, ?> op) throws SQLException;
    }

    /**
     * Runs {@code sql} for each of {@code ops} as JDBC batches, one a statement {@link #rowStatement}
     * gives (usually one in all): how many rows each operation changed, in the order of {@code ops}.
     */
    protected final int[] executeByRow(String sql, List<? extends WriteOp<?, ?>> ops, Binder binder)
            throws SQLException {
        int n = ops.size();
        PreparedStatement shared = batchPs(sql, n);
        PreparedStatement[] of = new PreparedStatement[n];
        for (int i = 0; i < n; i++) {
            of[i] = rowStatement(sql, ops.get(i), shared);
        }
        int[] changed = new int[n];
        for (int i = 0; i < n; i++) {
            PreparedStatement ps = of[i];
            if (ps == null) {
                continue; // ran with an earlier one's statement
            }
            for (int j = i; j < n; j++) {
                if (of[j] == ps) {
                    binder.bind(ps, ops.get(j));
                    ps.addBatch();
                }
            }
            int[] counts = executeAndClear(ps);
            for (int j = i, k = 0; j < n; j++) {
                if (of[j] == ps) {
                    changed[j] = counts[k++];
                    of[j] = null;
                }
            }
        }
        return changed;
    }

    /** Notes that {@code ps} has rows added: {@code pending} holds each such statement once (a few at most). */
    protected static void pending(List<PreparedStatement> pending, PreparedStatement ps) {
        if (!pending.contains(ps)) {
            pending.add(ps);
        }
    }

    /** Runs the batches {@link #pending} noted. */
    protected static void executePending(List<PreparedStatement> pending) throws SQLException {
        for (PreparedStatement ps : pending) {
            executeAndClear(ps);
        }
    }

    /** Message {@code id} has just become final by a change of this class (cancelled, superseded, expired). */
    protected void finalized(String id) throws SQLException {
    }

    /**
     * Before the look-ups of {@link #dedupeBatch}: serializes this transaction with any other
     * writer's on the owner and dedupe key of each of {@code keyed}, until it ends. A dialect whose
     * database several nodes write takes a lock per key (in one order, so that two writers taking
     * several cannot deadlock); where one writer is alone, as here, there is nothing to do.
     */
    protected void lockDedupeKeys(List<StoredMessage> keyed) throws SQLException {
    }

    /** After kept receipts were applied: refreshes {@link #keptReceiptsMayExist} where the dialect can. */
    protected void recountKeptReceipts() throws SQLException {
    }

    // ---- writes ----

    /** Inserts {@code rows}, not leased, with their sender-rule history. */
    public void insertRows(List<StoredMessage> rows) throws SQLException {
        List<PreparedStatement> inserts = new ArrayList<>(1);
        PreparedStatement shared = batchPs(sql.insert(), rows.size());
        for (StoredMessage m : rows) {
            addInsert(inserts, m, null, shared);
        }
        executePending(inserts);
        PreparedStatement history = batchPs(sql.historyInsert(), rows.size());
        if (HistoryRows.addSenderRules(history, rows)) {
            executeAndClear(history);
        }
    }

    /** Adds {@code m} to the batch of its insert statement ({@link #insertStatement}), noted in {@code pending}. */
    private void addInsert(List<PreparedStatement> pending, StoredMessage m, Instant leaseUntil,
            PreparedStatement shared) throws SQLException {
        PreparedStatement ps = insertStatement(m, shared);
        bindInsert(ps, m, leaseUntil);
        ps.addBatch();
        pending(pending, ps);
    }

    /** The inserts of a batch as one JDBC batch, then their sender-rule history as another. */
    protected void insertBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
        int rows = 0;
        for (WriteOp<?, ?> op : ops) {
            rows += op.rows().size();
        }
        List<PreparedStatement> inserts = new ArrayList<>(1);
        PreparedStatement shared = batchPs(sql.insert(), rows);
        for (WriteOp<?, ?> op : ops) {
            List<StoredMessage> opRows = op.rows();
            for (int i = 0; i < opRows.size(); i++) {
                addInsert(inserts, opRows.get(i), op.leaseUntil(i), shared);
            }
        }
        executePending(inserts);
        PreparedStatement history = batchPs(sql.historyInsert(), rows);
        boolean any = false;
        for (WriteOp<?, ?> op : ops) {
            any |= HistoryRows.addSenderRules(history, op.rows());
        }
        if (any) {
            executeAndClear(history);
        }
    }

    /**
     * Inserts unless duplicate ({@link WriteOp#insertUnlessDuplicate}), in queue order: each gets the
     * id of the newest message with its first row's owner and dedupe key submitted since its window
     * began, whether committed or inserted by an operation before it here, or else is inserted; the
     * inserts then run as one JDBC batch. The key locks are taken first, so the look-ups see what
     * another writer holding them committed.
     */
    protected void dedupeBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
        List<StoredMessage> keyed = new ArrayList<>(ops.size());
        for (WriteOp<?, ?> op : ops) {
            keyed.add(op.rows().get(0));
        }
        lockDedupeKeys(keyed);
        Map<String, StoredMessage> inserted = new HashMap<>();
        List<WriteOp<?, ?>> inserts = new ArrayList<>(ops.size());
        for (WriteOp<?, ?> op : ops) {
            StoredMessage m = op.rows().get(0);
            String key = m.owner() + '\0' + m.dedupeKey();
            StoredMessage earlier = inserted.get(key);
            String original = earlier != null && !earlier.submitTime().isBefore(op.dedupeSince()) ? earlier.id()
                    : findByDedupeKey(m.owner(), m.dedupeKey(), op.dedupeSince());
            if (original == null) {
                inserted.put(key, m);
                inserts.add(op);
            }
            op.setResult(Optional.ofNullable(original));
        }
        if (!inserts.isEmpty()) {
            insertBatch(inserts);
        }
    }

    /**
     * Receipt hand-over outcomes: one conditional UPDATE per receipt and the history rows the message
     * row does not hold, each as one JDBC batch.
     */
    protected void receiptBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
        int[] changed = updateReceipts(ops);
        List<PreparedStatement> history = new ArrayList<>(1);
        PreparedStatement sharedHistory = null;
        for (int i = 0; i < ops.size(); i++) {
            WriteOp<?, ?> op = ops.get(i);
            if (!settle(op, changed[i])) {
                continue;
            }
            if (changed[i] > 0 && op.receipt() instanceof ReceiptAttempt.Sent) {
                continue; // the row's receipt_state SENT and receipt_next are this history entry
            }
            if (sharedHistory == null) {
                sharedHistory = batchPs(sql.historyInsert(), ops.size());
            }
            PreparedStatement ps = historyStatement(op, sharedHistory);
            if (op.receipt() instanceof ReceiptAttempt.Retry retry) {
                HistoryRows.add(ps, op.id(), retry.at(), HistoryEntry.Event.RECEIPT_RETRY, retry.errorCode(), null);
            } else {
                HistoryRows.add(ps, op.id(), op.receipt().at(), HistoryEntry.Event.RECEIPT_SENT, 0, null);
            }
            pending(history, ps);
        }
        executePending(history);
    }

    /**
     * {@link #RECEIPT_UPDATE} for each of {@code ops} (receipt hand-overs): how many rows each changed,
     * in the order of {@code ops}. A dialect may write them otherwise with the same effect.
     */
    protected int[] updateReceipts(List<? extends WriteOp<?, ?>> ops) throws SQLException {
        return executeByRow(RECEIPT_UPDATE, ops, (up, op) -> {
            up.setBoolean(1, receiptSent(op));
            up.setLong(2, receiptNext(op));
            up.setString(3, op.id());
        });
    }

    /** Whether a receipt hand-over's outcome is SENT (else a retry). */
    protected static boolean receiptSent(WriteOp<?, ?> op) {
        return !(op.receipt() instanceof ReceiptAttempt.Retry);
    }

    /** A receipt hand-over's receipt_next: when it is tried again, or for a SENT one when it went. */
    protected static long receiptNext(WriteOp<?, ?> op) {
        return op.receipt() instanceof ReceiptAttempt.Retry retry ? retry.retryAt().toEpochMilli()
                : op.receipt().at().toEpochMilli();
    }

    /**
     * The result of one batched conditional UPDATE: OK when it changed the row; otherwise
     * ALREADY_FINAL if the message exists (cancelled or expired while the attempt was in flight: the
     * attempt is still history, the state stays) or NOT_FOUND. True when the outcome gets a history row.
     */
    protected final boolean settle(WriteOp<?, ?> op, int changed) throws SQLException {
        if (changed > 0) {
            op.setResult(UpdateResult.OK);
        } else if (exists(op.id())) {
            op.setResult(UpdateResult.ALREADY_FINAL);
        } else {
            op.setResult(UpdateResult.NOT_FOUND);
            return false;
        }
        return true;
    }

    private boolean exists(String id) throws SQLException {
        PreparedStatement ps = ps(EXISTS);
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Receipts that came before their message's submit_sm_resp was recorded: applied now, in the
     * transaction that writes the link, so the message goes straight on to its final state.
     */
    protected final void matchKeptReceipts(List<? extends WriteOp<?, ?>> ops) throws SQLException {
        if (!keptReceiptsMayExist) {
            return;
        }
        boolean applied = false;
        for (WriteOp<?, ?> op : ops) {
            Attempt.Forwarded f = (Attempt.Forwarded) op.attempt();
            PreparedStatement find = ps(KEPT_RECEIPT);
            find.setString(1, f.upstream());
            find.setString(2, f.upstreamId());
            Attempt.Reported report = null;
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    report = new Attempt.Reported(Instant.ofEpochMilli(rs.getLong(3)),
                            StoredMessage.stateOf(rs.getInt(1)), rs.getInt(2));
                }
            }
            if (report != null) {
                if (applyReport(op.id(), report)) {
                    op.setResult(UpdateResult.OK_AND_REPORTED);
                }
                PreparedStatement delete = ps(KEPT_RECEIPT_DELETE);
                delete.setString(1, f.upstream());
                delete.setString(2, f.upstreamId());
                delete.executeUpdate();
                applied = true;
            }
        }
        if (applied) {
            recountKeptReceipts();
        }
    }

    /**
     * Maps the rows a claim ({@code UPDATE ... RETURNING <columns>, <insertion order>, ...}) leased, in
     * {@code order}; a row that does not map is quarantined instead, in this transaction.
     */
    public final List<StoredMessage> readClaimed(PreparedStatement ps, Instant now, Comparator<Claimed> order)
            throws SQLException {
        List<Claimed> good = new ArrayList<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    good.add(new Claimed(mapClaimed(rs), rs.getLong(MessageRows.COLUMN_COUNT + 1)));
                } catch (RuntimeException e) {
                    damaged.put(rs.getString(1), e.toString());
                }
            }
        }
        quarantineAll(damaged, now);
        good.sort(order);
        List<StoredMessage> claimed = new ArrayList<>(good.size());
        for (Claimed c : good) {
            claimed.add(c.message());
        }
        return claimed;
    }

    /** Maps every selected row; a row that does not map is quarantined instead, in this transaction. */
    public final List<StoredMessage> readAll(PreparedStatement ps, Instant now) throws SQLException {
        List<StoredMessage> good = new ArrayList<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    good.add(map(rs));
                } catch (RuntimeException e) {
                    damaged.put(rs.getString(1), e.toString());
                }
            }
        }
        quarantineAll(damaged, now);
        return good;
    }

    private void quarantineAll(Map<String, String> damaged, Instant now) throws SQLException {
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            quarantine(d.getKey(), d.getValue(), now);
        }
    }

    /** Moves message {@code id}, which cannot be read, to the quarantine table with {@code error}. */
    public final void quarantine(String id, String error, Instant now) throws SQLException {
        log.error("message {} cannot be read and is quarantined: {}", id, error);
        // columns by name: ALTER TABLE appends them in another order to each table
        String columns = sql.quarantineColumns();
        PreparedStatement copy = ps("INSERT INTO quarantine (" + columns + ", quarantined_at, error) SELECT "
                + columns + ", ?, ? FROM message WHERE id = ?");
        copy.setLong(1, now.toEpochMilli());
        copy.setString(2, error);
        copy.setString(3, id);
        copy.executeUpdate();
        PreparedStatement delete = ps("DELETE FROM message WHERE id = ?");
        delete.setString(1, id);
        delete.executeUpdate();
    }

    /**
     * A row whose state is no message_state is invisible to every claim and would never be delivered
     * nor reported; this periodic sweep (run with expiry) sets such rows aside. In SQLite, text in the
     * integer column sorts above every number, so the range test catches it too.
     */
    private void quarantineUnknownStates(Instant now, int limit) throws SQLException {
        // XXX: a damaged receipt_state is not swept (no index serves that scan); it is quarantined
        // only when a read maps the row. A full integrity pass at start-up would close that gap.
        PreparedStatement ps = ps(UNKNOWN_STATE_SWEEP);
        ps.setInt(1, limit);
        Map<String, String> damaged = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                damaged.put(rs.getString(1), "state is not a message_state: " + rs.getString(2));
            }
        }
        quarantineAll(damaged, now);
    }

    /**
     * The expiry sweep: sets damaged rows aside, then makes EXPIRED the pending messages {@code sweep}
     * (prepared, parameters now, now, limit) selects; returns them as they now are.
     */
    public final List<StoredMessage> expire(String sweep, Instant now, int limit) throws SQLException {
        quarantineUnknownStates(now, limit);
        PreparedStatement ps = ps(sweep);
        ps.setLong(1, now.toEpochMilli());
        ps.setLong(2, now.toEpochMilli());
        ps.setInt(3, limit);
        List<StoredMessage> due = readAll(ps, now);
        List<StoredMessage> expired = new ArrayList<>(due.size());
        for (StoredMessage m : due) {
            boolean receipt = m.receiptWanted(false);
            finish(m.id(), MessageState.EXPIRED, now, receipt);
            history(m.id(), now, HistoryEntry.Event.EXPIRED, 0);
            expired.add(m.withOutcome(MessageState.EXPIRED, m.attempts(), m.lastError(), now,
                    receipt ? ReceiptState.PENDING : m.receiptState(), receipt ? now : m.receiptNextAttemptTime()));
        }
        return expired;
    }

    /**
     * The condition, on top of {@link #PENDING}, of a message that cancel_sm and replace_sm can still
     * reach (bound: now, epoch ms): no attempt holds it (an attempt leases its message until the
     * outcome is recorded) and no upstream SMSC has it (a forward awaiting its receipt keeps the
     * upstream's id on the row). Changing a message that is with its destination or an upstream
     * would report a cancellation or a new text that never happens there.
     */
    private String reachable() {
        return "NOT (" + sql.forwarded() + ") AND (lease_until IS NULL OR lease_until <= ?)";
    }

    /**
     * Whether {@code owner}'s message {@code id} can be cancelled or replaced now: OK, ALREADY_FINAL,
     * IN_DELIVERY ({@link #reachable}), or NOT_FOUND, also for another owner's message, which must not
     * learn that it exists.
     */
    public final UpdateResult checkPending(String id, String owner, Instant now) throws SQLException {
        return checkPending(id, owner, now, false);
    }

    /** {@link #checkPending(String, String, Instant)}; with {@code forwardedReachable} a forward does not count. */
    private UpdateResult checkPending(String id, String owner, Instant now, boolean forwardedReachable)
            throws SQLException {
        PreparedStatement ps = ps("SELECT state, owner, " + sql.forwarded() + ", lease_until FROM message WHERE id = ?"
                + sql.rowLock());
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !owner.equals(rs.getString(2))) {
                return UpdateResult.NOT_FOUND;
            }
            if (StoredMessage.stateOf(rs.getInt(1)).isFinal()) {
                return UpdateResult.ALREADY_FINAL;
            }
            boolean forwarded = rs.getBoolean(3);
            long lease = rs.getLong(4);
            boolean leased = !rs.wasNull() && lease > now.toEpochMilli();
            return (forwarded && !forwardedReachable) || leased ? UpdateResult.IN_DELIVERY : UpdateResult.OK;
        }
    }

    /** cancel_sm of one message: deleted if it is {@code owner}'s, pending and {@link #reachable}. */
    public final UpdateResult cancel(String id, String owner, Instant now) throws SQLException {
        UpdateResult check = checkPending(id, owner, now);
        if (check == UpdateResult.OK) {
            delete(id, now, HistoryEntry.Event.CANCELLED);
        }
        return check;
    }

    /** A cancel_sm the upstream that had the message accepted: deleted if pending and no attempt holds it. */
    public final UpdateResult cancelAfterUpstream(String id, String owner, Instant now) throws SQLException {
        UpdateResult check = checkPending(id, owner, now, true);
        if (check == UpdateResult.OK) {
            delete(id, now, HistoryEntry.Event.CANCELLED);
        }
        return check;
    }

    /**
     * cancel_sm by address: deletes the pending messages of {@code owner} from {@code source}, to
     * {@code destination} unless that is null, of {@code serviceType} unless that is empty, that are
     * {@link #reachable}; how many.
     */
    public final int cancelMatching(String owner, String serviceType, StoredAddress source, StoredAddress destination,
            Instant now) throws SQLException {
        boolean anyService = serviceType == null || serviceType.isEmpty();
        // the addresses' digits, as cancel_sm by message_id matches its source_addr: an ESME that names
        // the address with another TON/NPI (0/0, its library's default) means the same address
        PreparedStatement ps = ps("SELECT id FROM message WHERE owner = ? AND source_addr = ?"
                + (destination == null ? "" : " AND dest_addr = ?")
                + (anyService ? "" : " AND service_type = ?") + " AND " + PENDING + " AND " + reachable()
                + sql.rowsLock());
        int i = 1;
        ps.setString(i++, owner);
        ps.setString(i++, source.addr());
        if (destination != null) {
            ps.setString(i++, destination.addr());
        }
        if (!anyService) {
            ps.setString(i++, serviceType);
        }
        ps.setLong(i, now.toEpochMilli());
        return deleteSelected(ps, now, HistoryEntry.Event.CANCELLED).size();
    }

    /**
     * Inserts {@code message} in place of the pending messages it replaces (the same owner, service
     * type, source and destination: replace_if_present_flag), which are deleted; their ids. The
     * addresses are compared by their digits whatever their TON/NPI, as cancel_sm's are
     * ({@link #cancelMatching}): an ESME that writes one number as 1/1 in one submit and 0/1 in
     * the next still means the same subscriber (docs/protocol.md).
     */
    public final List<String> insertReplacing(StoredMessage message, Instant now) throws SQLException {
        return insertAllReplacing(List.of(message), List.of(), now);
    }

    /**
     * {@link #insertReplacing} for each of {@code messages} (a submit_multi's destinations): first
     * every pending message one of them replaces is superseded, then all of them and {@code copies}
     * (inserted as they are) are inserted, so that two destinations alike in one submission do not
     * supersede each other; the ids superseded.
     */
    public final List<String> insertAllReplacing(List<StoredMessage> messages, List<StoredMessage> copies,
            Instant now) throws SQLException {
        List<String> superseded = new ArrayList<>();
        for (StoredMessage message : messages) {
            // a message already with its destination or an upstream is not superseded: the new one
            // goes alongside it, as replace_sm could not reach it either
            PreparedStatement ps = ps("SELECT id FROM message WHERE owner = ? AND service_type = ?"
                    + " AND source_addr = ? AND dest_addr = ? AND " + PENDING + " AND " + reachable() + sql.rowsLock());
            ps.setString(1, message.owner());
            ps.setString(2, message.serviceType());
            ps.setString(3, message.source().addr());
            ps.setString(4, message.destination().addr());
            ps.setLong(5, now.toEpochMilli());
            superseded.addAll(deleteSelected(ps, now, HistoryEntry.Event.SUPERSEDED));
        }
        List<StoredMessage> rows = new ArrayList<>(messages);
        rows.addAll(copies);
        insertRows(rows);
        return List.copyOf(superseded);
    }

    /**
     * {@link #insertReplacing} of {@code rows}' first (the others, its copies, inserted with it)
     * unless a message of its owner with its dedupe key was submitted since {@code since}: then
     * nothing changes and the result is that message's id.
     */
    public final Optional<String> insertReplacingUnlessDuplicate(List<StoredMessage> rows, Instant since,
            Instant now) throws SQLException {
        StoredMessage m = rows.get(0);
        lockDedupeKeys(List.of(m));
        String original = findByDedupeKey(m.owner(), m.dedupeKey(), since);
        if (original != null) {
            return Optional.of(original);
        }
        insertReplacing(m, now);
        if (rows.size() > 1) {
            insertRows(rows.subList(1, rows.size()));
        }
        return Optional.empty();
    }

    /** Deletes (state DELETED) each message whose id {@code select} (bound) returns, with {@code why}; their ids. */
    private List<String> deleteSelected(PreparedStatement select, Instant now, HistoryEntry.Event why)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        for (String id : ids) {
            delete(id, now, why);
        }
        return ids;
    }

    private void delete(String id, Instant now, HistoryEntry.Event why) throws SQLException {
        PreparedStatement up = ps(DELETE);
        up.setLong(1, now.toEpochMilli());
        up.setLong(2, now.toEpochMilli());
        up.setString(3, id);
        if (up.executeUpdate() > 0) {
            finalized(id);
        }
        history(id, now, why, 0);
    }

    /** Moves a pending message to a final state without counting an attempt (the expiry sweep). */
    private void finish(String id, MessageState state, Instant at, boolean receiptWanted) throws SQLException {
        PreparedStatement up = ps(FINISH);
        up.setInt(1, state.value());
        up.setLong(2, at.toEpochMilli());
        up.setBoolean(3, receiptWanted);
        up.setBoolean(4, receiptWanted);
        up.setLong(5, at.toEpochMilli());
        up.setString(6, id);
        if (up.executeUpdate() > 0) {
            finalized(id);
        }
    }

    /** One history row of its own. */
    public final void history(String id, Instant at, HistoryEntry.Event event, int errorCode) throws SQLException {
        PreparedStatement ps = ps(sql.historyInsert());
        HistoryRows.add(ps, id, at, event, errorCode, null);
        executeAndClear(ps);
    }

    /** replace_sm of a message already checked pending. */
    public final void replace(String id, byte[] body, byte[] tlvs, int registeredDelivery, Instant schedule,
            Instant expiry, Instant now) throws SQLException {
        PreparedStatement up = ps(REPLACE);
        up.setBytes(1, body);
        if (tlvs == null) {
            up.setNull(2, java.sql.Types.BINARY);
        } else {
            up.setBytes(2, tlvs);
        }
        up.setInt(3, registeredDelivery);
        MessageRows.setNullableInstant(up, 4, schedule);
        MessageRows.setNullableInstant(up, 5, schedule);
        up.setBoolean(6, schedule != null);
        MessageRows.setNullableInstant(up, 7, expiry);
        up.setString(8, id);
        up.executeUpdate();
        history(id, now, HistoryEntry.Event.REPLACED, 0);
    }

    /** Makes the unleased pending messages for {@code destinationAddr} of {@code target} due now; how many. */
    public final int wake(String target, String destinationAddr, Instant now) throws SQLException {
        PreparedStatement ps = ps(WAKE);
        ps.setLong(1, now.toEpochMilli());
        ps.setString(2, target);
        ps.setString(3, destinationAddr);
        ps.setLong(4, now.toEpochMilli());
        ps.setLong(5, now.toEpochMilli());
        return ps.executeUpdate();
    }

    /** A claim's or sweep's limit, checked before the operation is queued. */
    public static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** The newest message of {@code owner} with {@code dedupeKey} submitted since {@code since}, or null. */
    private String findByDedupeKey(String owner, String dedupeKey, Instant since) throws SQLException {
        PreparedStatement ps = ps(FIND_BY_DEDUPE_KEY);
        ps.setString(1, owner);
        ps.setString(2, dedupeKey);
        ps.setLong(3, since.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    // ---- reads ----

    public final Map<String, Long> pendingByTarget() throws SQLException {
        return countsBy(PENDING_BY_TARGET);
    }

    public final Map<String, Long> pendingReceiptsByOwner() throws SQLException {
        return countsBy(PENDING_RECEIPTS_BY_OWNER);
    }

    private Map<String, Long> countsBy(String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (ResultSet rs = ps(sql).executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Messages per state, every stored state present; rows of an unknown state are counted nowhere. */
    public final Map<MessageState, Long> countByState() throws SQLException {
        Map<MessageState, Long> counts = new EnumMap<>(MessageState.class);
        for (MessageState s : StoredMessage.STATES) {
            counts.put(s, 0L);
        }
        try (ResultSet rs = ps(COUNT_BY_STATE).executeQuery()) {
            while (rs.next()) {
                int code = rs.getInt(1);
                if (StoredMessage.isState(code)) {
                    counts.merge(StoredMessage.stateOf(code), rs.getLong(2), Long::sum);
                } else {
                    // Damaged rows are counted nowhere until a claim or find quarantines them.
                    log.warn("{} messages have the unknown state {}", rs.getLong(2), code);
                }
            }
        }
        return counts;
    }

    /** The quarantined rows in the order {@code sql} (id, quarantined_at, error) gives. */
    public final List<QuarantinedRecord> quarantined(String sql) throws SQLException {
        List<QuarantinedRecord> records = new ArrayList<>();
        try (ResultSet rs = ps(sql).executeQuery()) {
            while (rs.next()) {
                records.add(new QuarantinedRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3)));
            }
        }
        return records;
    }

    /**
     * A message's history: its rows ({@code rows}: at, event, error_code, detail by message id, in
     * insertion order) and the commonest events, which have no row of their own: the message row holds
     * them ({@code row}: state, final_time, receipt_state, receipt_next, forwarded_at by id).
     */
    public final List<HistoryEntry> history(String id, String rows, String row) throws SQLException {
        PreparedStatement ps = ps(rows);
        ps.setString(1, id);
        List<HistoryEntry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(1)),
                        HistoryEntry.Event.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4)));
            }
        }
        PreparedStatement message = ps(row);
        message.setString(1, id);
        try (ResultSet rs = message.executeQuery()) {
            if (rs.next()) {
                int at = 0;
                if (rs.getObject(5) != null) {
                    at = addDerived(entries, 0, new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(5)),
                            HistoryEntry.Event.FORWARDED, 0));
                }
                if (rs.getInt(1) == MessageState.DELIVERED.value() && rs.getObject(2) != null) {
                    at = addDerived(entries, 0, new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(2)),
                            HistoryEntry.Event.DELIVERED, 0));
                }
                if (rs.getInt(3) == ReceiptState.SENT.code() && rs.getObject(4) != null) {
                    addDerived(entries, at, new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(4)),
                            HistoryEntry.Event.RECEIPT_SENT, 0));
                }
            }
        }
        return entries;
    }

    /**
     * Places {@code e}, an event read from the message row, among the history rows at or after
     * {@code from}: before the first row that happened later (for a delivery, also before the first
     * receipt row), unless a row already records it. Returns the index just past it.
     */
    private static int addDerived(List<HistoryEntry> entries, int from, HistoryEntry e) {
        if (entries.contains(e)) {
            return entries.indexOf(e) + 1;
        }
        int i = from;
        while (i < entries.size() && !entries.get(i).at().isAfter(e.at()) && !follows(entries.get(i).event(), e)) {
            i++;
        }
        entries.add(i, e);
        return i + 1;
    }

    /**
     * Whether a row of {@code event} at the same instant as the derived {@code e} comes after it:
     * the receipt after the delivery, the upstream's receipt and ours after the forward.
     */
    private static boolean follows(HistoryEntry.Event event, HistoryEntry e) {
        return switch (e.event()) {
            case DELIVERED -> isReceiptEvent(event);
            case FORWARDED -> isReceiptEvent(event) || event == HistoryEntry.Event.UPSTREAM_RECEIPT;
            default -> false;
        };
    }

    private static boolean isReceiptEvent(HistoryEntry.Event event) {
        return event == HistoryEntry.Event.RECEIPT_SENT || event == HistoryEntry.Event.RECEIPT_RETRY;
    }
}
