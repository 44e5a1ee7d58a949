package io.tern.smsc.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDR writer against a real SQLite store: content, at-least-once across a crash, nothing for pending messages. */
class CdrWriterTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    MessageStore store;
    final List<CdrWriter> writers = new ArrayList<>();
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() {
        writers.forEach(CdrWriter::close);
        store.close();
    }

    MessageStore openStore() throws Exception {
        MessageStore s = new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("tern.db"), 1000, 1000, 2), clock);
        s.keepFinalOutcomes(true).get(30, TimeUnit.SECONDS);
        return s;
    }

    TernConfig.Cdr config(int batch) {
        return new TernConfig.Cdr(dir.resolve("cdr"), 1 << 20, Duration.ofDays(30), batch, Duration.ofMillis(20));
    }

    CdrWriter start(int batch, CdrWriter.Hook hook) throws IOException {
        CdrWriter w = CdrWriter.start(store, config(batch), clock, hook);
        writers.add(w);
        return w;
    }

    static StoredMessage message(String id, String owner, String target, int dataCoding, byte[] body, byte[] tlvs) {
        return StoredMessage.submitted(id, owner, new StoredAddress(1, 1, "5550100"), new StoredAddress(1, 1, "447700900001"),
                "", 0, 0, 0, dataCoding, 1, body, tlvs, null, target, T0, null, T0.plus(Duration.ofDays(1)), null);
    }

    static StoredMessage message(String id) {
        return message(id, "alice", "sim", 0, "hi".getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    void deliver(String id) throws Exception {
        store.insert(message(id)).get(30, TimeUnit.SECONDS);
        store.recordAttempt(id, new Attempt.Delivered(T0.plusSeconds(2))).get(30, TimeUnit.SECONDS);
    }

    List<JsonNode> records() throws IOException {
        Path file = dir.resolve("cdr").resolve("cdr-2026-03-01.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    Map<String, JsonNode> byId() throws IOException {
        return records().stream().collect(Collectors.toMap(n -> n.get("message_id").asText(), Function.identity()));
    }

    @Test
    void eachFinalOutcomeGetsOneRecordWithItsDetails() throws Exception {
        String longText = "x".repeat(300);
        store.insert(message("long", "alice", "sim", 0, new byte[0],
                Tlvs.builder().messagePayload(longText.getBytes(StandardCharsets.US_ASCII)).build().toBytes()))
                .get(30, TimeUnit.SECONDS);
        store.recordAttempt("long", new Attempt.Delivered(T0.plusSeconds(1))).get(30, TimeUnit.SECONDS);
        store.insert(message("failed", "bob", "esme:carol", 8, new byte[140], new byte[0])).get(30, TimeUnit.SECONDS);
        store.recordAttempt("failed", new Attempt.FailedPermanent(T0.plusSeconds(3), 11)).get(30, TimeUnit.SECONDS);
        store.insert(message("fwd", "alice", "group:carriers", 0, new byte[10], new byte[0])).get(30, TimeUnit.SECONDS);
        store.recordAttempt("fwd", new Attempt.Forwarded(T0.plusSeconds(1), "carrier-a", "A1F", true,
                T0.plus(Duration.ofDays(1)))).get(30, TimeUnit.SECONDS);
        store.recordUpstreamReceipt("carrier-a", "A1F", new Attempt.Reported(T0.plusSeconds(4),
                MessageState.DELIVERED, 0)).get(30, TimeUnit.SECONDS);
        store.insert(message("waiting")).get(30, TimeUnit.SECONDS);
        store.recordAttempt("waiting", new Attempt.FailedTemporary(T0.plusSeconds(1), 27, T0.plusSeconds(60)))
                .get(30, TimeUnit.SECONDS);

        start(100, CdrWriter.Hook.NONE);

        await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 3);
        Map<String, JsonNode> r = byId();
        assertThat(r).containsOnlyKeys("long", "failed", "fwd");
        JsonNode l = r.get("long");
        assertThat(l.get("account").asText()).isEqualTo("alice");
        assertThat(l.get("source").asText()).isEqualTo("5550100");
        assertThat(l.get("destination").asText()).isEqualTo("447700900001");
        assertThat(l.get("parts").asInt()).as("300 GSM characters: 2 parts of 153").isEqualTo(2);
        assertThat(l.get("channel").asText()).isEqualTo("sim");
        assertThat(l.get("connector").isNull()).isTrue();
        assertThat(l.get("submit_time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(l.get("done_time").asText()).isEqualTo("2026-03-01T10:00:01Z");
        assertThat(l.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(l.get("error").asInt()).isZero();
        JsonNode f = r.get("failed");
        assertThat(f.get("account").asText()).isEqualTo("bob");
        assertThat(f.get("parts").asInt()).as("70 UCS-2 characters: one SMS").isEqualTo(1);
        assertThat(f.get("channel").asText()).isEqualTo("esme:carol");
        assertThat(f.get("outcome").asText()).isEqualTo("UNDELIVERABLE");
        assertThat(f.get("error").asInt()).isEqualTo(11);
        JsonNode w = r.get("fwd");
        assertThat(w.get("channel").asText()).isEqualTo("group:carriers");
        assertThat(w.get("connector").asText()).isEqualTo("carrier-a");
        assertThat(w.get("upstream_id").asText()).isEqualTo("A1F");
        assertThat(w.get("done_time").asText()).isEqualTo("2026-03-01T10:00:04Z");
        assertThat(store.finalOutcomes(10).get(30, TimeUnit.SECONDS)).as("outbox emptied").isEmpty();
    }

    @Test
    void outcomesCommittedWhileItRunsAreWrittenAsTheyCome() throws Exception {
        CdrWriter w = start(100, CdrWriter.Hook.NONE);
        deliver("m1");
        w.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 1);
        deliver("m2");
        await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 2);

        assertThat(byId()).containsOnlyKeys("m1", "m2");
    }

    @Test
    void aCrashAfterTheSyncRepeatsThatBatchOnRestartAndLosesNothing() throws Exception {
        for (int i = 0; i < 25; i++) {
            deliver("m" + i);
        }
        // the "crash": the store goes away after the first batch is synced, before it leaves the outbox
        MessageStore first = store;
        CdrWriter crashed = start(10, () -> first.close());
        await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 10);
        crashed.close();
        writers.remove(crashed);

        store = openStore();
        start(10, CdrWriter.Hook.NONE);

        await().atMost(Duration.ofSeconds(10)).until(() -> records().size() == 35);
        Map<String, Long> counts = records().stream()
                .collect(Collectors.groupingBy(n -> n.get("message_id").asText(), Collectors.counting()));
        assertThat(counts).hasSize(25);
        assertThat(counts.values()).allMatch(c -> c >= 1 && c <= 2);
        assertThat(counts.values().stream().filter(c -> c == 2)).as("the batch synced before the crash").hasSize(10);
        assertThat(store.finalOutcomes(100).get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
