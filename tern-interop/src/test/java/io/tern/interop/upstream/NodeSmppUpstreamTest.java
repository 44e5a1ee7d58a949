package io.tern.interop.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.connector.ConnectorStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tern forwarding to node-smpp (the npm {@code smpp} package, 0.5.1, out of process:
 * {@code node/upstream.js}) as its upstream SMSC, which answers with hex message ids and sends
 * delivery receipts back, either naming the id in the receipted_message_id TLV or only in the text
 * as a zero-padded decimal. The ESME bound to Tern gets one receipt per message with Tern's ids.
 * Needs {@code node} and {@code npm} on PATH; runs {@code npm ci} in {@code node/} when
 * {@code node_modules} is missing (as NodeSmppInteropTest does).
 */
class NodeSmppUpstreamTest {

    private static final Path NODE_DIR = System.getProperty("basedir") != null
            ? Path.of(System.getProperty("basedir"), "node")
            : Files.isDirectory(Path.of("tern-interop", "node")) ? Path.of("tern-interop", "node") : Path.of("node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 30;

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeModules() throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("smpp"))) {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail("`npm ci` in " + NODE_DIR.toAbsolutePath() + " failed:\n" + out);
            }
        }
    }

    @ParameterizedTest(name = "receipts {0}, receipt_id {1}")
    @CsvSource({"tlv, hex", "decimal, decimal"})
    void ternForwardsToNodeSmppAndTurnsItsReceiptsIntoReceiptsWithTernsIds(String style, String receiptId)
            throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "upstream.js", "tern", "nodepw", style).directory(NODE_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("the node-smpp upstream needs `node` (Node.js 18+) on PATH", e);
        }
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("node upstream.js first line").isNotNull();
            int port = JSON.readTree(first).get("port").asInt();

            List<String> ids;
            try (TernUnderTest tern = TernUnderTest.start(dir, """
                    connectors:
                      - {name: node, host: 127.0.0.1, port: %d, system_id: tern, password: nodepw, window: 20,
                         submit_id: hex, receipt_id: %s, reconnect: {min: 100ms, max: 1s}}
                    routes:
                      - {destination: '44*', target: 'connector:node'}
                    """.formatted(port, receiptId))) {
                TestEsme esme = tern.bind();
                ids = esme.submitAll(MESSAGES, 4, i -> "4477009" + String.format("%05d", i), i -> "to node " + i);

                await().atMost(Duration.ofSeconds(20)).until(() -> esme.receiptedAll(Set.copyOf(ids)));
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> esme.receipts.size() == MESSAGES);
                assertThat(esme.duplicateReceipts.sum()).isZero();
                assertThat(esme.receipts.values()).allSatisfy(r -> assertThat(r.state()).isEqualTo(2));
                for (String id : ids) {
                    assertThat(tern.state(id)).isEqualTo(MessageState.DELIVERED);
                }
                ConnectorStatus s = tern.status("node");
                assertThat(s.forwarded()).isEqualTo(MESSAGES);
                assertThat(s.receipts()).isEqualTo(MESSAGES);
                System.out.printf("node-smpp upstream, receipts %s: %d forwarded, %d receipts (%d before their"
                        + " submit_sm_resp was recorded)%n", style, s.forwarded(), s.receipts(), s.unmatchedReceipts());
            }
            // Tern unbinds its connector on close: the script reports and exits
            String last = out.readLine();
            assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("node upstream.js exits after unbind").isTrue();
            JsonNode seen = JSON.readTree(last);
            System.out.println("node-smpp upstream saw: " + without(seen, "texts"));
            assertThat(seen.get("errors")).isEmpty();
            assertThat(seen.get("binds").get(0).get("ok").asBoolean()).isTrue();
            assertThat(seen.get("binds").get(0).get("type").asText()).isEqualTo("trx");
            assertThat(seen.get("submits").asInt()).isEqualTo(MESSAGES);
            assertThat(seen.get("receiptsOk").asInt()).isEqualTo(MESSAGES);
            List<String> texts = new ArrayList<>();
            seen.get("texts").forEach(t -> texts.add(t.asText()));
            assertThat(texts).hasSize(MESSAGES).doesNotHaveDuplicates().allMatch(t -> t.startsWith("to node "));
        } finally {
            node.destroyForcibly();
        }
    }

    private static JsonNode without(JsonNode n, String field) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = n.deepCopy();
        copy.remove(field);
        return copy;
    }
}
