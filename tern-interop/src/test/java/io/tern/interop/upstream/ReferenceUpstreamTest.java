package io.tern.interop.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.bench.reference.CloudhopperReferenceServer;
import io.tern.bench.reference.JsmppReferenceServer;
import io.tern.bench.reference.ReceiptStyle;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.connector.ConnectorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tern forwarding to the jSMPP and Cloudhopper reference servers (tern-bench) as upstream SMSCs,
 * over real sockets, each upstream answering submit_sm with a hex message_id and sending a
 * deliver_sm receipt whose text names the message by that hex id or by its decimal value (plain
 * or zero-padded), with or without the receipted_message_id TLV. With the connector's
 * {@code submit_id}/{@code receipt_id} set to match, the ESME bound to Tern gets exactly one
 * DELIVRD receipt per message under Tern's own message id, and Tern's store holds every message
 * DELIVERED.
 */
class ReferenceUpstreamTest {

    private static final int MESSAGES = Integer.getInteger("refMessages", 40);

    @TempDir
    Path dir;

    interface Upstream extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    static Upstream start(String peer, ReceiptStyle style) throws Exception {
        if (peer.equals("jsmpp")) {
            JsmppReferenceServer s = JsmppReferenceServer.start(0, style);
            return new Upstream() {
                public int port() {
                    return s.port();
                }

                public void close() {
                    s.close();
                }
            };
        }
        CloudhopperReferenceServer s = CloudhopperReferenceServer.start(0, style);
        return new Upstream() {
            public int port() {
                return s.port();
            }

            public void close() {
                s.close();
            }
        };
    }

    static Stream<Arguments> peersAndStyles() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String peer : new String[] {"jsmpp", "cloudhopper"}) {
            b.add(Arguments.of(peer, "hex", true, "hex"));
            b.add(Arguments.of(peer, "hex", false, "hex"));
            b.add(Arguments.of(peer, "decimal", false, "decimal"));
            b.add(Arguments.of(peer, "decimal:20", false, "decimal"));
            // the TLV (hex, as the submit_sm_resp) wins over the decimal text
            b.add(Arguments.of(peer, "decimal:20", true, "decimal"));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: receipt text id {1}, receipted_message_id TLV {2}, receipt_id {3}")
    @MethodSource("peersAndStyles")
    void everyMessageGetsOneReceiptWithTernsIdAndIsDelivered(String peer, String textId, boolean tlvs,
            String receiptIdFormat) throws Exception {
        try (Upstream upstream = start(peer, ReceiptStyle.parse(textId, tlvs));
                TernUnderTest tern = TernUnderTest.start(dir, connector(upstream.port(), receiptIdFormat))) {
            TestEsme esme = tern.bind();
            Set<String> ids = new LinkedHashSet<>(esme.submitAll(MESSAGES, 8,
                    i -> "4477009" + String.format("%05d", i), i -> peer + " " + i));
            assertThat(ids).hasSize(MESSAGES);

            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> esme.receiptedAll(ids));
            } finally {
                if (!esme.receiptedAll(ids)) {
                    System.out.println("missing " + ids.stream().filter(id -> !esme.receipts.containsKey(id)).count()
                            + " receipts; " + tern.status("ref"));
                }
            }
            // receipts for anything else, or twice, would show here
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> esme.receipts.size() == MESSAGES);
            assertThat(esme.duplicateReceipts.sum()).isZero();
            assertThat(esme.receipts.values()).allSatisfy(r -> {
                assertThat(r.state()).as("message_state of %s", r.id()).isEqualTo(2);
                assertThat(r.text()).startsWith("id:" + r.id() + " ").contains("stat:DELIVRD");
            });
            for (String id : ids) {
                assertThat(tern.state(id)).as("stored state of %s", id).isEqualTo(MessageState.DELIVERED);
                assertThat(tern.smsc.store().upstreamLink(id).join().orElseThrow().upstream()).isEqualTo("ref");
            }
            ConnectorStatus s = tern.status("ref");
            assertThat(s.forwarded()).isEqualTo(MESSAGES);
            assertThat(s.receipts()).isEqualTo(MESSAGES);
            assertThat(s.failed()).isZero();
            if (peer.equals("jsmpp")) {
                // it sends each receipt after the submit_sm_resp, on the same session: the forward
                // is in memory before the receipt is read (Cloudhopper's may send it first: then
                // the store matches it, or keeps it until the forward is recorded)
                assertThat(s.receiptsMatchedInMemory()).as("receipts matched in memory").isEqualTo(MESSAGES);
            }
            assertThat(s.awaitingInMemory()).as("no forward left waiting in memory").isZero();
            System.out.printf("%s upstream, receipt id %s, TLVs %s: %d forwarded, %d receipts, %d matched in memory,"
                    + " %d came before their submit_sm_resp was recorded (kept, then matched)%n", peer, textId, tlvs,
                    s.forwarded(), s.receipts(), s.receiptsMatchedInMemory(), s.unmatchedReceipts());
        }
    }

    @Test
    void zeroPaddedDecimalReceiptsMatchNothingWhenTheConnectorTakesTheIdAsIs() throws Exception {
        try (Upstream upstream = start("jsmpp", ReceiptStyle.parse("decimal:20", false));
                TernUnderTest tern = TernUnderTest.start(dir, connector(upstream.port(), "as-is"))) {
            TestEsme esme = tern.bind();
            String id = esme.submit("447700900001", "misconfigured");

            await().atMost(Duration.ofSeconds(10)).until(() -> tern.status("ref").unmatchedReceipts() == 1);
            assertThat(esme.receipts).isEmpty();
            assertThat(tern.state(id)).as("still waiting for its receipt").isEqualTo(MessageState.ENROUTE);
        }
    }

    private static String connector(int port, String receiptId) {
        return """
                connectors:
                  - {name: ref, host: 127.0.0.1, port: %d, system_id: tern, password: pw, window: 20,
                     submit_id: hex, receipt_id: %s, reconnect: {min: 100ms, max: 1s}}
                routes:
                  - {destination: '44*', target: 'connector:ref'}
                """.formatted(port, receiptId);
    }
}
