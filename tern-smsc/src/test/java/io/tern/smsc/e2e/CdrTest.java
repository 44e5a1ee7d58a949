package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Call detail records written by a running Tern for what ESMEs submit, and none repeated across a clean restart. */
class CdrTest {

    @TempDir
    Path dir;

    String config() {
        return """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '4477*', behaviour: deliver}
                  - {numbers: '4479*', behaviour: fail, error: 11, permanent: true}
                cdr: {path: '%s', interval: 50ms}
                """.formatted(dir.resolve("cdr"));
    }

    List<JsonNode> records() throws IOException {
        Path file = dir.resolve("cdr").resolve("cdr-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(new ObjectMapper().readTree(line));
            }
        }
        return out;
    }

    @Test
    void everySubmittedMessageGetsOneRecordOfItsOutcome() throws Exception {
        String delivered;
        String failed;
        try (TestSmsc tern = TestSmsc.start(dir, config())) {
            Esme alice = tern.bind("alice", BindType.BIND_TRX);
            delivered = alice.submit("5550100", "447700900001", "hello", 1);
            failed = alice.submit("5550100", "447900900001", "doomed", 1);
            alice.nextReceipt();
            alice.nextReceipt();
            await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 2);
        }

        List<JsonNode> records = records();
        JsonNode d = records.stream().filter(r -> r.get("message_id").asText().equals(delivered)).findFirst().orElseThrow();
        JsonNode f = records.stream().filter(r -> r.get("message_id").asText().equals(failed)).findFirst().orElseThrow();
        assertThat(d.get("account").asText()).isEqualTo("alice");
        assertThat(d.get("source").asText()).isEqualTo("5550100");
        assertThat(d.get("destination").asText()).isEqualTo("447700900001");
        assertThat(d.get("channel").asText()).isEqualTo("sim");
        assertThat(d.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(d.get("parts").asInt()).isEqualTo(1);
        assertThat(f.get("outcome").asText()).isEqualTo("UNDELIVERABLE");
        assertThat(f.get("error").asInt()).isEqualTo(11);

        try (TestSmsc again = TestSmsc.start(dir, config())) {
            // the test clock stands still at the second the test began: ids are unique only if it moves
            again.clock.advance(Duration.ofSeconds(1));
            Esme alice = again.bind("alice", BindType.BIND_TRX);
            String third = alice.submit("5550100", "447700900002", "again", 1);
            alice.nextReceipt();
            await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 3);
            assertThat(records().get(2).get("message_id").asText()).isEqualTo(third);
        }
    }
}
