package io.tern.cli.bench;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.ListenerConfig;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tern's SMPP server session with a handler that answers every submit_sm at once (and, when
 * registered_delivery asks for one, sends a receipt deliver_sm on the same session): the
 * round-trip benchmark's server, and the bench tests' peer. Accepts any bind.
 * {@code java -cp tern.jar io.tern.cli.bench.EchoServer [--port N] [--io-threads N]}; prints
 * {@code listening on PORT}.
 */
public final class EchoServer implements AutoCloseable {

    private final SmppServer server;
    private final AtomicLong ids = new AtomicLong();

    public EchoServer(int port, int ioThreads) {
        SmppRequestHandler handler = (session, request) -> {
            if (request instanceof SubmitSm s) {
                String id = Long.toString(ids.incrementAndGet());
                if ((s.registeredDelivery() & 0x03) != 0) {
                    session.send(receipt(s, id));
                }
                return CompletableFuture.<PduResponse>completedFuture(
                        new SubmitSmResp(s.sequenceNumber(), CommandStatus.ESME_ROK, id));
            }
            return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK));
        };
        SmppServerConfig config = new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", port)), "ECHO",
                SessionConfig.DEFAULTS.withMaxInflightInbound(10_000).withMaxPendingSends(100_000), ioThreads);
        this.server = new SmppServer(config, info -> CompletableFuture.completedFuture(BindResult.accept(handler)),
                SessionListener.NONE);
    }

    /** Starts listening; returns the port. */
    public int start() {
        return server.start().join().get(0);
    }

    static DeliverSm receipt(SubmitSm s, String id) {
        Instant now = Instant.now();
        String text = DeliveryReceipt.of(id, 1, 1, now, now, ReceiptStat.DELIVRD, "000", "").format();
        return new DeliverSm(0, "", s.destinationAddr(), s.sourceAddr(), 0x04, 0, 0, "", "", 0, 0, 0, 0,
                text.getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY);
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--io-threads")) {
                threads = Integer.parseInt(args[++i]);
            }
        }
        EchoServer server = new EchoServer(port, threads);
        System.out.println("listening on " + server.start());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
