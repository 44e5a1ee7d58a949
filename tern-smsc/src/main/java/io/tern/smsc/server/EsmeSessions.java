package io.tern.smsc.server;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.delivery.DeliverSms;
import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.delivery.InteropProfile;
import io.tern.smsc.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The bound receiver sessions (RX and TRX) of every account, and delivery over them: messages
 * routed to {@code esme:ACCOUNT} and receipts owed to ACCOUNT go out as deliver_sm, balanced
 * round-robin over the account's sessions, each session windowed by the session layer.
 *
 * <p>A session bound with an address_range ({@link AddressRange}) is preferred for the
 * deliver_sm addressed to its range: a message goes round-robin to the sessions whose range
 * matches its destination, else to the sessions bound without a range, else to any of the
 * account's receivers (the account's configuration routed it there; a range never strands it).
 * The same holds for receipts, addressed to the original sender.
 */
final class EsmeSessions implements DeliveryChannel {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EsmeSessions.class);

    private static final String PREFIX = "esme:";

    private final Map<String, List<SmppSession>> receivers = new ConcurrentHashMap<>();
    /** The address_range of each bound receiver that declared one. */
    private final Map<SmppSession, AddressRange> ranges = new ConcurrentHashMap<>();
    /** Whether any receiver ever bound with a range: until then a pick reads no range (the fast path). */
    private volatile boolean anyRanged;
    private final AtomicInteger next = new AtomicInteger();
    /**
     * Each account's interop profile; accounts without one get {@link InteropProfile#DEFAULT}.
     * Replaced whole by {@link #replaceProfiles} when the accounts change at run time.
     */
    private volatile Map<String, InteropProfile> profiles;
    /** Told when the scheduler finds an account without a receiver (outbind, {@link Outbinds#wanted}). */
    private final Consumer<String> noReceiver;

    EsmeSessions(Map<String, InteropProfile> profiles, Consumer<String> noReceiver) {
        this.profiles = Map.copyOf(profiles);
        this.noReceiver = noReceiver;
    }

    /** Puts these profiles in force for the next message and receipt (runtime administration). */
    void replaceProfiles(Map<String, InteropProfile> next) {
        this.profiles = Map.copyOf(next);
    }

    private InteropProfile profile(String account) {
        return profiles.getOrDefault(account, InteropProfile.DEFAULT);
    }

    void bound(SmppSession session) {
        bound(session, AddressRange.ANY);
    }

    /** A receiver bound with {@code range} (its bind's address_range). */
    void bound(SmppSession session, AddressRange range) {
        if (session.bindType() != null && session.bindType().canReceive()) {
            if (!range.any()) {
                ranges.put(session, range);
                anyRanged = true;
                log.info("{}: preferred for what is addressed to its address_range {}", session, range);
            }
            receivers.computeIfAbsent(session.systemId(), k -> new CopyOnWriteArrayList<>()).add(session);
        }
    }

    /** The address_range {@code session} bound with, "" when none (for the status). */
    String rangeOf(SmppSession session) {
        AddressRange r = ranges.get(session);
        return r == null ? "" : r.toString();
    }

    void closed(SmppSession session) {
        List<SmppSession> list = receivers.get(session.systemId());
        if (list != null) {
            list.remove(session);
        }
        ranges.remove(session);
    }

    private List<SmppSession> of(String account) {
        List<SmppSession> l = receivers.get(account);
        return l == null ? List.of() : l;
    }

    private static String account(String target) {
        return target.startsWith(PREFIX) ? target.substring(PREFIX.length()) : target;
    }

    private SmppSession pick(String account) {
        List<SmppSession> l = of(account);
        int n = l.size();
        if (n == 0) {
            return null;
        }
        try {
            return l.get(Math.floorMod(next.getAndIncrement(), n));
        } catch (IndexOutOfBoundsException raced) {
            return l.isEmpty() ? null : l.get(0);
        }
    }

    /**
     * The session for a deliver_sm of {@code account} addressed to {@code address}: one whose range
     * matches it, else one bound without a range, else any (round-robin within each).
     */
    private SmppSession pick(String account, String address) {
        if (!anyRanged) {
            return pick(account);
        }
        List<SmppSession> l = of(account);
        SmppSession s = pickWhere(l, x -> {
            AddressRange r = ranges.get(x);
            return r != null && r.matches(address);
        });
        if (s == null) {
            s = pickWhere(l, x -> !ranges.containsKey(x));
        }
        return s != null ? s : pick(account);
    }

    private SmppSession pickWhere(List<SmppSession> l, Predicate<SmppSession> wanted) {
        Object[] all = l.toArray();
        int n = all.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            SmppSession s = (SmppSession) all[(start + i) % n];
            if (wanted.test(s)) {
                return s;
            }
        }
        return null;
    }

    private int windowSum(String account) {
        int sum = 0;
        for (SmppSession s : of(account)) {
            sum += s.config().windowSize();
        }
        return sum;
    }

    @Override
    public boolean available(String target) {
        return hasReceiver(account(target));
    }

    private boolean hasReceiver(String account) {
        if (of(account).isEmpty()) {
            noReceiver.accept(account);
            return false;
        }
        return true;
    }

    @Override
    public int capacity(String target) {
        return windowSum(account(target));
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
        SmppSession s = pick(account(message.target()), message.destination().addr());
        if (s == null) {
            return CompletableFuture.completedFuture(new DeliveryResult.Temporary(0, "no receiver bound"));
        }
        List<DeliverSm> pdus;
        try {
            pdus = DeliverSms.messages(message, s.peerInterfaceVersion() >= 0x34, profile(account(message.target())));
        } catch (ChannelEncoding.ConversionException e) {
            return CompletableFuture.completedFuture(new DeliveryResult.Permanent(e.status().code(), e.getMessage()));
        }
        if (pdus.size() == 1) {
            return send(s, pdus.get(0)).handle((resp, e) -> outcome(s, resp, e));
        }
        // the parts of a re-split message go in order over one session; it is delivered when every part is
        List<CompletableFuture<DeliveryResult>> parts = new ArrayList<>(pdus.size());
        for (DeliverSm pdu : pdus) {
            parts.add(send(s, pdu).handle((resp, e) -> outcome(s, resp, e)));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            for (CompletableFuture<DeliveryResult> p : parts) {
                DeliveryResult r = p.join();
                if (!(r instanceof DeliveryResult.Delivered)) {
                    return r;
                }
            }
            return new DeliveryResult.Delivered();
        });
    }

    private static DeliveryResult outcome(SmppSession s, PduResponse resp, Throwable e) {
        if (e != null) {
            return new DeliveryResult.Temporary(0, e.getClass().getSimpleName() + " on " + s);
        }
        CommandStatus st = resp.commandStatus();
        if (st.isOk()) {
            return new DeliveryResult.Delivered();
        }
        if (isTemporary(st)) {
            return new DeliveryResult.Temporary(st.code(), "deliver_sm_resp " + st);
        }
        return new DeliveryResult.Permanent(st.code(), "deliver_sm_resp " + st);
    }

    /** deliver_sm_resp statuses worth retrying; every other error is final (ESME_RX_P_APPN, ESME_RX_R_APPN, ...). */
    static boolean isTemporary(CommandStatus st) {
        return st.equals(CommandStatus.ESME_RX_T_APPN) || st.equals(CommandStatus.ESME_RTHROTTLED)
                || st.equals(CommandStatus.ESME_RMSGQFUL) || st.equals(CommandStatus.ESME_RSYSERR);
    }

    private static CompletableFuture<PduResponse> send(SmppSession s, PduRequest pdu) {
        try {
            return s.send(pdu);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean availableForReceipts(String owner) {
        return hasReceiver(owner);
    }

    @Override
    public int receiptCapacity(String owner) {
        return windowSum(owner);
    }

    @Override
    public CompletionStage<Boolean> deliverReceipt(StoredMessage message) {
        // a receipt is addressed to the message's sender
        SmppSession s = pick(message.owner(), message.source().addr());
        if (s == null) {
            return CompletableFuture.completedFuture(false);
        }
        return send(s, DeliverSms.receipt(message, profile(message.owner()))).handle((resp, e) -> {
            if (e != null) {
                return false;
            }
            CommandStatus st = resp.commandStatus();
            if (!st.isOk() && !isTemporary(st)) {
                // refused for good (ESME_RX_P_APPN ...): sending it again would be refused again
                log.info("receipt of {} refused by {} with {}: not sent again", message.id(), message.owner(), st);
                return true;
            }
            return st.isOk();
        });
    }

    @Override
    public void deliverIntermediate(StoredMessage message, java.time.Instant at, int error) {
        SmppSession s = pick(message.owner(), message.source().addr());
        if (s != null) {
            send(s, DeliverSms.intermediate(message, at, error, profile(message.owner())));
        }
    }

    /** Sends {@code pdu} (alert_notification) to one receiver of {@code account}, if any is bound. */
    CompletableFuture<PduResponse> sendTo(String account, PduRequest pdu) {
        SmppSession s = pick(account);
        return s == null ? CompletableFuture.failedFuture(new IllegalStateException("no receiver bound"))
                : send(s, pdu);
    }
}
