package io.tern.smsc.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tern.smsc.connector.ConnectorStatus;
import io.tern.smsc.store.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running server's state in {@code status.json} in its data directory, rewritten every few
 * seconds (atomically: written aside, then renamed) for {@code tern status} to read. It holds
 * counts, names and the bound sessions' remote addresses, never message content or credentials.
 */
final class StatusFile {

    static final String NAME = "status.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusFile() {
    }

    /** The most sessions listed one by one; beyond, the file says how many more there are. */
    static final int SESSIONS_LISTED = 500;

    static void write(Path dataDir, Instant now, long pid, List<Integer> ports, List<BoundSession> sessions,
            Map<String, Long> pending, List<ConnectorStatus> connectors, List<NodeStatus> nodes) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("written_at", now.toString());
        root.put("pid", pid);
        root.put("ports", ports);
        root.put("bound_sessions", sessions.size());
        List<Map<String, Object>> ss = new ArrayList<>();
        for (BoundSession session : sessions.subList(0, Math.min(sessions.size(), SESSIONS_LISTED))) {
            ss.add(session.fields());
        }
        root.put("sessions", ss);
        root.put("pending_by_target", pending);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (ConnectorStatus c : connectors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("upstream", c.upstream());
            m.put("bind", c.bind());
            m.put("enabled", c.enabled());
            m.put("sessions", c.sessions());
            m.put("bound", c.bound());
            m.put("window_in_use", c.windowInUse());
            m.put("window_size", c.windowSize());
            m.put("throughput", c.throughput());
            m.put("paused", c.paused());
            m.put("submitted", c.submitted());
            m.put("forwarded", c.forwarded());
            m.put("refused", c.refused());
            m.put("failed", c.failed());
            m.put("throttled", c.throttled());
            m.put("timeouts", c.timeouts());
            m.put("receipts", c.receipts());
            m.put("unmatched_receipts", c.unmatchedReceipts());
            m.put("receipts_matched_in_memory", c.receiptsMatchedInMemory());
            m.put("awaiting_receipt_in_memory", c.awaitingInMemory());
            m.put("mobile_originated", c.mobileOriginated());
            m.put("queued", c.queued());
            m.put("last_error", c.lastError());
            m.put("last_error_at", c.lastErrorAt() == null ? null : c.lastErrorAt().toString());
            m.put("last_error_cleared_at", c.lastErrorClearedAt() == null ? null : c.lastErrorClearedAt().toString());
            cs.add(m);
        }
        root.put("connectors", cs);
        List<Map<String, Object>> ns = new ArrayList<>();
        for (NodeStatus n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node_id", n.nodeId());
            m.put("alive", n.alive());
            m.put("started_at", n.startedAt().toString());
            m.put("last_seen", n.lastSeen().toString());
            m.put("sessions", n.sessions());
            m.put("in_flight", n.inFlight());
            ns.add(m);
        }
        root.put("nodes", ns);
        Path tmp = dataDir.resolve(NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(root));
        if (Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            // names of routes and upstream hosts are the operator's business only
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
