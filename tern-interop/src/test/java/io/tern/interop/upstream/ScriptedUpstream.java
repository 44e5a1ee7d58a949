package io.tern.interop.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.tlv.Tlvs;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small upstream SMSC on raw sockets (127.0.0.1 only), written for the connector tests so that
 * each test decides how every submit_sm is answered: accepted (with a delivery receipt when asked),
 * accepted late, refused with a status, never answered, answered with garbage bytes, or the connection closed.
 * It binds anyone, answers enquire_link and unbind, and records every submit_sm it reads, so tests
 * can count the messages it saw twice.
 *
 * <p>Like a real SMSC it does not lose the receipts it owes: a receipt that could not be written,
 * or was not answered with deliver_sm_resp ESME_ROK before its connection dropped, waits and goes
 * out on the next receiving bind, also after {@link #stop()} and {@link #restart()} on the same port.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What to do with one submit_sm. */
    sealed interface Answer {
        /** submit_sm_resp ESME_ROK with a fresh id; a receipt follows when registered_delivery asks. */
        record Accept() implements Answer {
        }

        /** submit_sm_resp with this error status and no id. */
        record Refuse(CommandStatus status) implements Answer {
        }

        /** Read and never answered. */
        record Silent() implements Answer {
        }

        /** Accepted, but the submit_sm_resp (and then the receipt) is written only after {@code millis}. */
        record Late(long millis) implements Answer {
        }

        /** Bytes that are no SMPP PDU instead of the response. */
        record Garbage() implements Answer {
        }

        /** The connection is closed at once, the submit_sm unanswered. */
        record Close() implements Answer {
        }

        Answer ACCEPT = new Accept();
        Answer SILENT = new Silent();
        Answer GARBAGE = new Garbage();
        Answer CLOSE = new Close();

        static Answer refuse(CommandStatus status) {
            return new Refuse(status);
        }
    }

    /** One submit_sm as it was read: the short message as text, and the id given (empty if none). */
    record Seen(String text, String destination, String id) {
    }

    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upstream-receipt-retries");
        t.setDaemon(true);
        return t;
    });
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

    final String name;
    private final AtomicLong nextId;
    private final List<Connection> connections = new ArrayList<>();
    private final Deque<DeliverSm> owedReceipts = new ArrayDeque<>();
    private volatile Function<SubmitSm, Answer> script = s -> Answer.ACCEPT;
    /** While set, the receipts of accepted messages are owed, not sent: {@link #releaseReceipts} sends them. */
    private volatile boolean holdReceipts;
    private volatile ServerSocket server;
    private volatile int port;
    /** Every submit_sm read, in order. */
    final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    /** How many times each text was read. */
    final Map<String, AtomicInteger> timesSeen = new ConcurrentHashMap<>();
    final AtomicInteger binds = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger receiptsAcknowledged = new AtomicInteger();
    /** deliver_sm_resp with an error status: the receipt is offered again 100 ms later. */
    final AtomicInteger receiptsRefused = new AtomicInteger();

    private ScriptedUpstream(String name, long firstId) {
        this.name = name;
        this.nextId = new AtomicLong(firstId);
    }

    /** Starts listening on a free port of 127.0.0.1; ids given are decimal numbers from {@code firstId}. */
    static ScriptedUpstream start(String name, long firstId) throws IOException {
        ScriptedUpstream u = new ScriptedUpstream(name, firstId);
        u.listen(0);
        return u;
    }

    int port() {
        return port;
    }

    /** From now on, each submit_sm read is answered as {@code script} says. */
    void script(Function<SubmitSm, Answer> script) {
        this.script = script;
    }

    /** From now on, receipts of accepted messages wait until {@link #releaseReceipts}. */
    void holdReceipts() {
        holdReceipts = true;
    }

    /** Sends the receipts held (to a receiving bind, when there is one) and stops holding them. */
    void releaseReceipts() {
        holdReceipts = false;
        flushOwed();
    }

    /** Messages (by text) read more than once. */
    long duplicates() {
        return timesSeen.values().stream().filter(n -> n.get() > 1).count();
    }

    /** Messages (by text) accepted more than once: a handset behind this upstream would get them twice. */
    long acceptedTwice() {
        return acceptedTexts().values().stream().filter(n -> n > 1).count();
    }

    /** How many times each text was accepted. */
    Map<String, Integer> acceptedTexts() {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (Seen s : seen) {
            if (!s.id().isEmpty()) {
                out.merge(s.text(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Stops listening and drops every connection at once, as a crash or a network cut does. */
    synchronized void stop() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Connection c : List.copyOf(connections)) {
            c.close();
        }
    }

    /** Listens again on the same port. */
    synchronized void restart() throws IOException {
        listen(port);
    }

    /** Closes every connection without stopping to listen: binds are accepted again at once. */
    void dropConnections() {
        List<Connection> all;
        synchronized (this) {
            all = List.copyOf(connections);
        }
        all.forEach(Connection::close);
    }

    /**
     * Sends a DELIVRD receipt for an id this upstream never gave, to a receiving bind; false when
     * none is bound.
     */
    boolean sendReceiptFor(String id) {
        Connection c = receiver();
        if (c == null) {
            return false;
        }
        c.sendReceipt(receipt(id, "44770000000", "447700800001", "unknown"));
        return true;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private synchronized void listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        server = s;
        port = s.getLocalPort();
        Thread t = new Thread(() -> accept(s), "upstream-" + name + "-accept");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                socket.setTcpNoDelay(true);
                Connection c = new Connection(socket);
                synchronized (this) {
                    if (server != s) {
                        socket.close();
                        continue;
                    }
                    connections.add(c);
                }
                Thread t = new Thread(c::read, "upstream-" + name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized Connection receiver() {
        for (Connection c : connections) {
            if (c.receives) {
                return c;
            }
        }
        return null;
    }

    private DeliverSm receipt(String id, String from, String to, String text) {
        String date = LocalDateTime.now(ZoneOffset.UTC).format(RECEIPT_DATE);
        String body = "id:" + id + " sub:001 dlvrd:001 submit date:" + date + " done date:" + date
                + " stat:DELIVRD err:000 text:" + text.substring(0, Math.min(20, text.length()));
        return new DeliverSm(0, "", Address.international(from), Address.international(to), 0x04, 0, 0, "", "", 0, 0,
                0, 0, body.getBytes(StandardCharsets.ISO_8859_1),
                Tlvs.builder().receiptedMessageId(id).messageState(2).build());
    }

    /** Receipts owed go to a receiving bind when there is one; they wait otherwise. */
    private void flushOwed() {
        while (true) {
            Connection c = receiver();
            DeliverSm r;
            synchronized (owedReceipts) {
                if (c == null || owedReceipts.isEmpty()) {
                    return;
                }
                r = owedReceipts.poll();
            }
            c.sendReceipt(r);
        }
    }

    private void owe(DeliverSm r) {
        synchronized (owedReceipts) {
            owedReceipts.add(r);
        }
    }

    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final AtomicInteger sequence = new AtomicInteger();
        /** Receipts written and not yet answered ESME_ROK, by sequence number. */
        private final Map<Integer, DeliverSm> unanswered = new ConcurrentHashMap<>();
        volatile boolean receives;
        private volatile boolean closed;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void read() {
            try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
                while (true) {
                    int length = in.readInt();
                    if (length < 16 || length > 64 * 1024) {
                        throw new IOException("command_length " + length);
                    }
                    byte[] frame = new byte[length];
                    frame[0] = (byte) (length >>> 24);
                    frame[1] = (byte) (length >>> 16);
                    frame[2] = (byte) (length >>> 8);
                    frame[3] = (byte) length;
                    in.readFully(frame, 4, length - 4);
                    if (!handle(PduCodec.decode(Unpooled.wrappedBuffer(frame)))) {
                        break;
                    }
                }
            } catch (Exception e) {
                // closed by either side, or a PDU we cannot read: the connection ends
            } finally {
                close();
            }
        }

        /** False when the connection is to end. */
        private boolean handle(Pdu pdu) throws IOException {
            if (pdu instanceof Bind b) {
                binds.incrementAndGet();
                write(b.errorResponse(CommandStatus.ESME_ROK));
                receives = b.bindType() != BindType.TRANSMITTER;
                flushOwed();
            } else if (pdu instanceof EnquireLink e) {
                write(e.errorResponse(CommandStatus.ESME_ROK));
            } else if (pdu instanceof Unbind u) {
                write(u.errorResponse(CommandStatus.ESME_ROK));
                return false;
            } else if (pdu instanceof SubmitSm s) {
                return submit(s);
            } else if (pdu instanceof DeliverSmResp r) {
                DeliverSm receipt = unanswered.remove(r.sequenceNumber());
                if (receipt != null && r.commandStatus().isOk()) {
                    receiptsAcknowledged.incrementAndGet();
                } else if (receipt != null) {
                    // Tern asked for it again later (ESME_RTHROTTLED past its inbound window, or
                    // ESME_RX_T_APPN): owed, and offered again shortly, as an SMSC retries
                    receiptsRefused.incrementAndGet();
                    owe(receipt);
                    RETRIES.schedule(ScriptedUpstream.this::flushOwed, 100, TimeUnit.MILLISECONDS);
                }
            } else if (pdu instanceof PduRequest req && req.expectsResponse()) {
                write(req.errorResponse(CommandStatus.ESME_RINVCMDID));
            }
            return true;
        }

        private boolean submit(SubmitSm s) throws IOException {
            String text = new String(s.shortMessage(), StandardCharsets.ISO_8859_1);
            Answer a = script.apply(s);
            String id = a instanceof Answer.Accept ? Long.toString(nextId.getAndIncrement()) : "";
            if (!(a instanceof Answer.Late)) {
                seen.add(new Seen(text, s.destinationAddr().address(), id));
            }
            timesSeen.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
            if (a instanceof Answer.Accept) {
                accept(s, id, text);
            } else if (a instanceof Answer.Late late) {
                String lateId = Long.toString(nextId.getAndIncrement());
                seen.add(new Seen(text, s.destinationAddr().address(), lateId));
                RETRIES.schedule(() -> {
                    try {
                        accept(s, lateId, text);
                    } catch (IOException e) {
                        close();
                    }
                }, late.millis(), TimeUnit.MILLISECONDS);
            } else if (a instanceof Answer.Refuse r) {
                write(s.errorResponse(r.status()));
            } else if (a instanceof Answer.Garbage) {
                writeRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (a instanceof Answer.Close) {
                return false;
            }
            return true;
        }

        private void accept(SubmitSm s, String id, String text) throws IOException {
            accepted.incrementAndGet();
            write(new SubmitSmResp(s.sequenceNumber(), CommandStatus.ESME_ROK, id));
            if ((s.registeredDelivery() & 0x03) != 0) {
                DeliverSm r = receipt(id, s.destinationAddr().address(), s.sourceAddr().address(), text);
                if (receives && !holdReceipts) {
                    sendReceipt(r);
                } else {
                    owe(r);
                    if (!holdReceipts) {
                        flushOwed();
                    }
                }
            }
        }

        void sendReceipt(DeliverSm r) {
            int seq = sequence.incrementAndGet();
            unanswered.put(seq, r);
            try {
                write(r.withSequenceNumber(seq));
            } catch (IOException e) {
                // close() owes it again
                close();
            }
        }

        private void write(Pdu pdu) throws IOException {
            ByteBuf buf = Unpooled.buffer();
            PduCodec.encode(pdu, buf);
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            writeRaw(b);
        }

        private void writeRaw(byte[] b) throws IOException {
            synchronized (out) {
                out.write(b);
                out.flush();
            }
        }

        void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            receives = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            synchronized (ScriptedUpstream.this) {
                connections.remove(this);
            }
            for (Integer seq : Set.copyOf(unanswered.keySet())) {
                DeliverSm r = unanswered.remove(seq);
                if (r != null) {
                    owe(r);
                }
            }
            flushOwed();
        }
    }
}
