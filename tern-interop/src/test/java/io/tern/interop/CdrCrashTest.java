package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call detail records under SIGKILL (docs/operations.md#call-detail-records): {@code tern serve} in a
 * child JVM delivers a windowed submit load to the handset network while writing CDRs into small,
 * often rotated files, and is killed at random moments, then restarted. At the end every message
 * acknowledged with ESME_ROK (so committed, so delivered and final soon after) must have at least one
 * record; records may repeat (at least once), never be missing. The seed is printed; rerun with
 * {@code -Dtern.crash.seed=N}.
 */
class CdrCrashTest {

    private static final String PASSWORD = "crash123";
    private static final int CYCLES = 6;
    private static final int WINDOW = 50;
    private static final Duration READY = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sigkillWhileWritingRecordsLosesNoRecordOfAnAcknowledgedMessage(@TempDir Path work) throws Exception {
        long seed = Long.getLong("tern.crash.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        Path cdr = work.resolve("cdr");
        Path config = work.resolve("tern.yaml");
        Files.writeString(config, String.join("\n",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "store: {path: '" + work.resolve("data").toAbsolutePath() + "'}",
                "accounts: [{system_id: load, password_hash: '" + AccountService.hash(PASSWORD) + "'}]",
                "routes: [{destination: '*', target: sim}]",
                // small files and batches: kills land in writes, syncs and rotations
                "cdr: {path: '" + cdr.toAbsolutePath() + "', max_file_size: 16KiB, batch: 50, interval: 10ms}",
                ""));
        Set<String> acked = ConcurrentHashMap.newKeySet();
        System.out.println("cdr-crash: seed=" + seed + " work=" + work);
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            TernProcess tern = TernProcess.start(config, work.resolve("tern-serve.log"), READY);
            try (SmppClient client = client(tern.port())) {
                SmppSession session = client.connect().get(30, TimeUnit.SECONDS);
                int target = 300 + random.nextInt(1200);
                loadUntilKilled(session, cycle, target, tern, acked);
                System.out.printf("cdr-crash: cycle %d killed after %d acks in all%n", cycle, acked.size());
            } finally {
                tern.kill();
            }
        }
        TernProcess tern = TernProcess.start(config, work.resolve("tern-serve.log"), READY);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> records(cdr).keySet().containsAll(acked));
        } finally {
            tern.close();
        }
        Map<String, Integer> records = records(cdr);
        long repeated = records.values().stream().mapToInt(n -> n - 1).sum();
        long rotated;
        try (Stream<Path> files = Files.list(cdr)) {
            rotated = files.filter(p -> p.toString().endsWith(".gz")).count();
        }
        System.out.printf("cdr-crash: acknowledged=%d records=%d repeated=%d rotated_files=%d%n", acked.size(),
                records.size(), repeated, rotated);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(CYCLES * 300);
        assertThat(records.keySet()).as("every acknowledged message has a record").containsAll(acked);
        assertThat(rotated).as("the files were rotated and compressed along the way").isPositive();
        try (Stream<Path> files = Files.list(cdr)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no rotation left half done").noneMatch(n -> n.endsWith(".tmp") || n.matches(".*\\.\\d+\\.jsonl"));
        }
    }

    /** message_id → how many records name it, over every CDR file, rotated or not. */
    private static Map<String, Integer> records(Path cdr) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        if (!Files.isDirectory(cdr)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.list(cdr)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).toList();
        }
        for (Path f : files) {
            try (InputStream raw = Files.newInputStream(f);
                    InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.merge(json.readTree(line).get("message_id").asText(), 1, Integer::sum);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // rotated away while we read: the next poll reads its compressed copy
            }
        }
        return out;
    }

    private static void loadUntilKilled(SmppSession session, int cycle, int target, TernProcess tern,
            Set<String> acked) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicInteger acks = new AtomicInteger();
        Address source = Address.international("4470000001");
        int n = 0;
        while (!session.closeFuture().isDone()) {
            if (acks.get() >= target) {
                tern.kill();
                break;
            }
            if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                continue;
            }
            SubmitSm submit = SubmitSm.of(source, Address.international("4477" + String.format("%08d", n)),
                    ("c" + cycle + "-" + n).getBytes(StandardCharsets.ISO_8859_1));
            n++;
            session.send(submit).whenComplete((r, e) -> {
                if (e == null && r instanceof SubmitSmResp resp && resp.commandStatus() == CommandStatus.ESME_ROK) {
                    acked.add(resp.messageId());
                    acks.incrementAndGet();
                }
                window.release();
            });
        }
        window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS);
    }

    private static SmppClient client(int port) {
        SessionConfig session = SessionConfig.DEFAULTS.withWindowSize(100).withMaxPendingSends(0)
                .withTimers(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        return new SmppClient(SmppClientConfig.of("127.0.0.1", port, "load", PASSWORD, BindType.TRANSMITTER)
                .withSession(session).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                (s, request) -> java.util.concurrent.CompletableFuture.completedFuture(request.errorResponse(
                        CommandStatus.ESME_RINVCMDID)), SessionListener.NONE);
    }
}
