package io.tern.http;

import io.tern.smsc.admin.AdminException;
import io.tern.smsc.store.HistoryEntry;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoredMessage;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin message search behind {@code GET /api/v1/admin/messages} (the dashboard's message page):
 * by {@code id}, or by {@code number} (source or destination) within {@code from}..{@code to} (at
 * most {@link #MAX_RANGE}, streamed through the store's export scan, at most {@link #MAX_RESULTS}
 * found). Every message comes with its whole history: each delivery attempt and each receipt sent.
 * Runs on a worker thread of the HTTP listener, waiting for the store there.
 */
final class MessageSearch {

    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final int MAX_RESULTS = 100;

    private MessageSearch() {
    }

    static String search(MessageStore store, MultiMap q) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<StoredMessage> found = new ArrayList<>();
        String id = q.get("id");
        String number = q.get("number");
        if (id != null && !id.isBlank()) {
            if (id.length() > StoredMessage.MAX_ID_LENGTH) {
                throw new AdminException(400, "id", "id is at most " + StoredMessage.MAX_ID_LENGTH + " characters");
            }
            Optional<StoredMessage> m = wait(store.find(id.trim()));
            m.ifPresent(found::add);
        } else if (number != null && !number.isBlank()) {
            String digits = number.trim().replaceFirst("^\\+", "");
            if (!digits.matches("[0-9]{1,21}")) {
                throw new AdminException(400, "number", "number must be 1..21 digits, was '" + number + "'");
            }
            Instant to = instant(q.get("to"), "to", Instant.now().plusSeconds(1));
            Instant from = instant(q.get("from"), "from", to.minus(Duration.ofDays(1)));
            if (!from.isBefore(to)) {
                throw new AdminException(400, "from", "from must be before to");
            }
            if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
                throw new AdminException(400, "from", "the time range is at most 7 days");
            }
            wait(store.forEachMessage(from, to, null, r -> {
                StoredMessage m = r.message();
                if (found.size() < MAX_RESULTS && (digits.equals(m.destination().addr())
                        || digits.equals(m.source().addr()))) {
                    found.add(m);
                }
            }));
        } else {
            throw new AdminException(400, "id", "give an id, or a number (with from and to, ISO-8601 times)");
        }
        JsonArray out = new JsonArray();
        for (StoredMessage m : found) {
            out.add(describe(m, wait(store.history(m.id()))));
        }
        return out.encode();
    }

    private static JsonObject describe(StoredMessage m, List<HistoryEntry> history) {
        JsonArray attempts = new JsonArray();
        JsonArray receipts = new JsonArray();
        for (HistoryEntry h : history) {
            JsonObject e = new JsonObject().put("at", h.at().toString()).put("event", h.event().name())
                    .put("error_code", h.errorCode()).put("detail", h.detail());
            boolean receipt = h.event() == HistoryEntry.Event.RECEIPT_SENT
                    || h.event() == HistoryEntry.Event.RECEIPT_RETRY;
            (receipt ? receipts : attempts).add(e);
        }
        return new JsonObject().put("id", m.id()).put("account", m.owner()).put("from", m.source().addr())
                .put("to", m.destination().addr()).put("target", m.target()).put("state", m.state().name())
                .put("submitted_at", m.submitTime().toString())
                .put("final_at", m.finalTime() == null ? null : m.finalTime().toString())
                .put("receipt_requested", m.registeredDelivery() & 3)
                .put("receipt_state", m.receiptState().name())
                .put("attempts", attempts).put("receipts", receipts);
    }

    private static Instant instant(String text, String field, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new AdminException(400, field, field + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z, was '"
                    + text + "'");
        }
    }

    private static <T> T wait(java.util.concurrent.CompletableFuture<T> f) throws InterruptedException,
            ExecutionException, TimeoutException {
        return f.get(30, TimeUnit.SECONDS);
    }
}
