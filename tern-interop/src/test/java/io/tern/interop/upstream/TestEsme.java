package io.tern.interop.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/**
 * A jSMPP ESME bound to Tern as a transceiver: submits with registered_delivery 1 and keeps every
 * delivery receipt Tern sends, by the receipted_message_id (Tern's own message id).
 */
final class TestEsme implements AutoCloseable {

    /** A receipt as the ESME got it: Tern's message id, message_state, network error and the text. */
    record Receipt(String id, int state, int networkError, String text) {
    }

    final SMPPSession session = new SMPPSession();
    /** Receipts by Tern's message id; a second receipt for the same id is counted in {@link #duplicateReceipts}. */
    final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    final LongAdder duplicateReceipts = new LongAdder();
    final AtomicInteger messages = new AtomicInteger();

    static TestEsme bind(int port, String systemId, String password) throws IOException {
        TestEsme e = new TestEsme();
        e.session.setPduProcessorDegree(4);
        e.session.setTransactionTimer(10_000);
        e.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) {
                if (!d.isSmscDeliveryReceipt()) {
                    e.messages.incrementAndGet();
                    return;
                }
                Receipt r = new Receipt(cString(tlv(d, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)),
                        tlv(d, OptionalParameter.Tag.MESSAGE_STATE)[0] & 0xFF, networkError(d),
                        new String(d.getShortMessage(), StandardCharsets.ISO_8859_1));
                if (e.receipts.putIfAbsent(r.id(), r) != null) {
                    e.duplicateReceipts.increment();
                }
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
            }

            @Override
            public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm d, Session s) throws ProcessRequestException {
                throw new ProcessRequestException("data_sm not expected", 0x08);
            }
        });
        try {
            e.session.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, systemId, password, "",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, null));
        } catch (IOException ex) {
            e.session.close();
            throw ex;
        }
        return e;
    }

    /** Submits with a receipt requested; returns Tern's message id from the submit_sm_resp. */
    String submit(String dest, String text) throws Exception {
        return session.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447700800001",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, dest, new ESMClass(), (byte) 0, (byte) 0,
                null, null, new RegisteredDelivery((byte) 1), (byte) 0, DataCodings.ZERO, (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    /**
     * Submits {@code count} messages from {@code threads} threads at once (Tern commits submits in
     * batches, so one thread at a time would measure its commit latency, not its throughput): the
     * i-th to {@code dest.apply(i)} with text {@code text.apply(i)}. Returns Tern's ids by i.
     */
    List<String> submitAll(int count, int threads, IntFunction<String> dest, IntFunction<String> text)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> submit(dest.apply(n), text.apply(n))));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether every id in {@code ids} has its receipt. */
    boolean receiptedAll(Set<String> ids) {
        return receipts.keySet().containsAll(ids);
    }

    private static byte[] tlv(DeliverSm d, OptionalParameter.Tag tag) {
        OptionalParameter p = d.getOptionalParameter(tag);
        if (p == null) {
            throw new AssertionError("Tern's receipt lacks " + tag);
        }
        byte[] b = p.serialize();
        return Arrays.copyOfRange(b, 4, b.length);
    }

    private static String cString(byte[] v) {
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        return new String(v, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static int networkError(DeliverSm d) {
        OptionalParameter p = d.getOptionalParameter(OptionalParameter.Tag.NETWORK_ERROR_CODE);
        if (p == null) {
            return 0;
        }
        byte[] v = tlv(d, OptionalParameter.Tag.NETWORK_ERROR_CODE);
        return ((v[1] & 0xFF) << 8) | (v[2] & 0xFF);
    }

    @Override
    public void close() {
        if (session.getSessionState().isBound()) {
            // jSMPP sometimes misses an unbind_resp sent just before the close; do not wait long for it
            session.setTransactionTimer(500);
            try {
                session.unbindAndClose();
                return;
            } catch (RuntimeException ignored) {
                // fall through
            }
        }
        session.close();
    }
}
