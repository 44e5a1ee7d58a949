package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with node-smpp (the npm {@code smpp} package, 0.5.1, out of process): node-smpp as an
 * ESME against a Tern SMSC ({@code node/client.js}), and Tern's {@link SmppClient} against a
 * node-smpp server ({@code node/server.js}). Needs {@code node} and {@code npm} on PATH; runs
 * {@code npm ci} in {@code node/} when {@code node_modules} is missing.
 */
class NodeSmppInteropTest {

    /** Surefire runs in the module directory and sets basedir; an IDE may run from the repository root. */
    private static final Path NODE_DIR = System.getProperty("basedir") != null
            ? Path.of(System.getProperty("basedir"), "node")
            : Files.isDirectory(Path.of("tern-interop", "node")) ? Path.of("tern-interop", "node") : Path.of("node");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void nodeAndModules() throws Exception {
        for (String tool : List.of("node", "npm")) {
            try {
                Run r = run(List.of(tool, "--version"), Duration.ofSeconds(30));
                if (r.exit != 0) {
                    fail("`" + tool + " --version` exited " + r.exit + ": " + r.output);
                }
            } catch (IOException e) {
                fail("node-smpp interop needs `" + tool + "` (Node.js 18+) on PATH: " + e.getMessage());
            }
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("smpp"))) {
            Run r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(3));
            if (r.exit != 0) {
                fail("`npm ci` in " + NODE_DIR.toAbsolutePath() + " exited " + r.exit + ":\n" + r.output);
            }
        }
    }

    @Test
    void nodeSmppClientSubmitsAndGetsReceiptsFromTern(@TempDir Path data) throws Exception {
        String yaml = String.join("\n",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "store: {path: '" + data.toAbsolutePath() + "'}",
                "accounts:",
                "  - system_id: nodeesme",
                "    password_hash: '" + AccountService.hash("nodepw") + "'",
                "");
        Smsc smsc = Smsc.start(ConfigLoader.parse(yaml, data), Clock.systemUTC());
        Run r;
        try {
            r = run(List.of("node", "client.js", String.valueOf(smsc.ports().get(0)), "nodeesme", "nodepw", "20"),
                    Duration.ofSeconds(40));
        } finally {
            smsc.close();
        }
        assertThat(r.exit).as("node client.js exit; output:\n%s", r.output).isZero();
        JsonNode res = JSON.readTree(r.lastLine());
        System.out.println("node-smpp client against Tern: " + res);
        assertThat(res.get("errors")).as("errors").isEmpty();
        assertThat(res.get("bind").asInt()).isZero();
        assertThat(res.get("submitOk").asInt()).isEqualTo(20);
        List<String> ids = strings(res.get("messageIds"));
        assertThat(ids).hasSize(20).doesNotHaveDuplicates().allMatch(id -> !id.isEmpty());
        // one receipt per message, each naming its message (receipted_message_id), all DELIVERED
        assertThat(res.get("receipts").asInt()).isEqualTo(20);
        assertThat(strings(res.get("receiptIds"))).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(res.get("receiptStates").get("2").asInt()).isEqualTo(20);
        assertThat(res.get("receiptTexts").get(0).asText()).startsWith("id:").contains("stat:DELIVRD");
        JsonNode q = res.get("query");
        assertThat(q.get("status").asInt()).isZero();
        assertThat(q.get("message_id").asText()).isEqualTo(ids.get(0));
        assertThat(q.get("message_state").asInt()).isEqualTo(2);
        assertThat(res.get("enquireLink").asInt()).isZero();
        assertThat(res.get("unbind").asInt()).isZero();
    }

    @Test
    void ternClientBindsToNodeSmppServer() throws Exception {
        Process server = new ProcessBuilder("node", "server.js", "ternesme", "ternpw").directory(NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("node server.js first line").isNotNull();
            int port = JSON.readTree(first).get("port").asInt();

            CompletableFuture<DeliverSm> delivered = new CompletableFuture<>();
            SmppClientConfig cfg = SmppClientConfig.of("127.0.0.1", port, "ternesme", "ternpw", BindType.TRANSCEIVER)
                    .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
            SmppClient client = new SmppClient(cfg, (s, request) -> {
                if (request instanceof DeliverSm d) {
                    delivered.complete(d);
                    return CompletableFuture.completedFuture(
                            new DeliverSmResp(d.sequenceNumber(), CommandStatus.ESME_ROK, ""));
                }
                return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
            }, SessionListener.NONE);
            try {
                SmppSession session = client.connect().get(10, TimeUnit.SECONDS);
                PduResponse resp = session.send(SubmitSm.of(Address.international("4470000001"),
                        Address.international("4479000001"), "hello from tern".getBytes(StandardCharsets.ISO_8859_1)))
                        .get(10, TimeUnit.SECONDS);
                assertThat(resp).isInstanceOf(SubmitSmResp.class);
                assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
                assertThat(((SubmitSmResp) resp).messageId()).isEqualTo("node-1");

                DeliverSm d = delivered.get(10, TimeUnit.SECONDS);
                assertThat(new String(d.shortMessage(), StandardCharsets.ISO_8859_1))
                        .isEqualTo("reply to hello from tern");
                assertThat(d.sourceAddr().address()).isEqualTo("4479000001");
                assertThat(d.destinationAddr().address()).isEqualTo("4470000001");
            } finally {
                client.close();
            }

            String last = out.readLine();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("node server.js exits after unbind").isTrue();
            assertThat(server.exitValue()).isZero();
            JsonNode seen = JSON.readTree(last);
            System.out.println("node-smpp server saw: " + seen);
            assertThat(seen.get("errors")).isEmpty();
            assertThat(seen.get("bind").get("type").asText()).isEqualTo("trx");
            assertThat(seen.get("bind").get("ok").asBoolean()).isTrue();
            assertThat(seen.get("bind").get("interface_version").asInt()).isEqualTo(0x34);
            assertThat(seen.get("submits")).hasSize(1);
            assertThat(seen.get("submits").get(0).get("text").asText()).isEqualTo("hello from tern");
            assertThat(seen.get("submits").get(0).get("destination_addr").asText()).isEqualTo("4479000001");
            assertThat(strings(seen.get("deliverResp"))).containsExactly("0");
            assertThat(seen.get("unbind").asBoolean()).as("unbind received").isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private record Run(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs a command in {@link #NODE_DIR}; stdout and stderr together; killed after {@code limit}. */
    private static Run run(List<String> cmd, Duration limit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within " + limit + "; output so far:\n"
                    + output.getNow("(none)"));
        }
        try {
            return new Run(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            return new Run(p.exitValue(), "(output unreadable: " + e + ")");
        }
    }
}
