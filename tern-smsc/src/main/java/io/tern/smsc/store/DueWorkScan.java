package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The periodic question "which targets have messages due, which owners receipts due", the same in
 * both dialects, served by the indexes of pending work ({@code message_due}: target, priority,
 * next attempt; {@code message_receipt_due}: owner, next receipt attempt): a seek per target, per
 * priority of it and per owner, each an index range that stops at its first row. A DISTINCT over
 * the pending rows walked every queued message once a scan interval (5,000,000 queued for an ESME
 * that was not bound kept a core busy: BacklogBench).
 */
public final class DueWorkScan {

    /** Prepares (or takes from a cache) a statement of the reading connection. */
    @FunctionalInterface
    public interface Prepare {
        PreparedStatement ps(String sql) throws SQLException;
    }

    private static final String PENDING = "state IN (0, 1)";

    private DueWorkScan() {
    }

    public static DueWork find(Prepare prepare, long now) throws SQLException {
        Set<String> targets = new LinkedHashSet<>();
        PreparedStatement nextTarget = prepare.ps("SELECT target FROM message WHERE " + PENDING
                + " AND target > ? ORDER BY target LIMIT 1");
        PreparedStatement nextPriority = prepare.ps("SELECT priority_flag FROM message WHERE " + PENDING
                + " AND target = ? AND priority_flag < ? ORDER BY priority_flag DESC LIMIT 1");
        PreparedStatement due = prepare.ps("SELECT 1 FROM message WHERE " + PENDING + " AND target = ?"
                + " AND priority_flag = ? AND next_attempt <= ? AND expiry_time > ?"
                + " AND (lease_until IS NULL OR lease_until <= ?) LIMIT 1");
        for (String target = next(nextTarget, ""); target != null; target = next(nextTarget, target)) {
            nextPriority.setString(1, target);
            due.setString(1, target);
            due.setLong(3, now);
            due.setLong(4, now);
            due.setLong(5, now);
            int below = Integer.MAX_VALUE;
            while (true) {
                nextPriority.setInt(2, below);
                Integer priority = null;
                try (ResultSet rs = nextPriority.executeQuery()) {
                    if (rs.next()) {
                        priority = rs.getInt(1);
                    }
                }
                if (priority == null) {
                    break;
                }
                due.setInt(2, priority);
                if (exists(due)) {
                    targets.add(target);
                    break;
                }
                below = priority;
            }
        }
        Set<String> owners = new LinkedHashSet<>();
        PreparedStatement nextOwner = prepare.ps("SELECT owner FROM message WHERE receipt_state = 1 AND owner > ?"
                + " ORDER BY owner LIMIT 1");
        PreparedStatement receiptDue = prepare.ps("SELECT 1 FROM message WHERE receipt_state = 1 AND owner = ?"
                + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?) LIMIT 1");
        for (String owner = next(nextOwner, ""); owner != null; owner = next(nextOwner, owner)) {
            receiptDue.setString(1, owner);
            receiptDue.setLong(2, now);
            receiptDue.setLong(3, now);
            if (exists(receiptDue)) {
                owners.add(owner);
            }
        }
        return new DueWork(targets, owners);
    }

    /** The one value {@code ps} selects after {@code after}, or null. */
    private static String next(PreparedStatement ps, String after) throws SQLException {
        ps.setString(1, after);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean exists(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }
}
