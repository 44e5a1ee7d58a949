package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.store.SqliteMessageStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during a campaign's upload and during its sending, five times each: after restart no
 * acknowledged upload has lost a row, no cut-short upload is left, and every accepted row became
 * exactly one message, delivered, by the store's count.
 */
class CampaignCrashTest {

    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void killedDuringUploadsKeepsEveryAcknowledgedCampaignWholeAndNothingOfTheOthers() throws Exception {
        int rows = 20_000;
        Random random = new Random(11);
        List<Long> acknowledged = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            try (Child child = Child.start(dir, "ingest", rows)) {
                int durable = 0;
                // let one upload finish (and be acknowledged) and kill in the middle of the next
                while (true) {
                    String line = child.next(l -> l.startsWith("DURABLE") || l.equals("HALF"));
                    if (line.startsWith("DURABLE")) {
                        acknowledged.add(Long.parseLong(line.split(" ")[1]));
                        assertThat(line.split(" ")[2]).isEqualTo(String.valueOf(rows));
                        durable++;
                    } else if (durable >= 1) {
                        break;
                    }
                }
                child.kill(random.nextInt(50));
            }
        }
        try (TestSmsc tern = TestSmsc.start(dir, CampaignCrashChild.BODY)) {
            List<Campaign> all = tern.smsc.campaigns().list("alice", 1000).join();
            assertThat(all).extracting(Campaign::id).containsAll(acknowledged);
            SqliteMessageStore db = (SqliteMessageStore) tern.smsc.store();
            Map<Long, Long> rowsPerCampaign = db.readWith(c -> {
                Map<Long, Long> out = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT campaign_id, COUNT(*) FROM campaign_row GROUP BY campaign_id");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                return out;
            }).join();
            for (Campaign c : all) {
                assertThat(c.accepted()).as("campaign %d", c.id()).isEqualTo(rows);
                assertThat(rowsPerCampaign.get(c.id())).as("rows of campaign %d", c.id()).isEqualTo(rows);
            }
            // the uploads cut short left nothing behind
            assertThat(rowsPerCampaign.keySet()).containsExactlyInAnyOrderElementsOf(
                    all.stream().map(Campaign::id).toList());
        }
    }

    @Test
    void killedWhileSendingEveryAcceptedRowIsDeliveredExactlyOnce() throws Exception {
        int rows = 4_000;
        Random random = new Random(7);
        long id = -1;
        for (int kill = 0; kill < KILLS; kill++) {
            try (Child child = Child.start(dir, "send", rows)) {
                String durable = child.next(l -> l.startsWith("DURABLE"));
                id = Long.parseLong(durable.split(" ")[1]);
                // kill at a point further into the campaign each time: 1/7, 2/7, ... of its rows sent
                long target = (long) rows * (kill + 1) / (KILLS + 2);
                child.next(l -> l.equals("DONE") || l.startsWith("SENT") && Long.parseLong(l.split(" ")[1]) >= target);
                child.kill(random.nextInt(30));
            }
        }
        try (Child child = Child.start(dir, "send", rows)) {
            child.next(l -> l.equals("DONE"));
            child.kill(0);
        }
        try (TestSmsc tern = TestSmsc.start(dir, CampaignCrashChild.BODY)) {
            CampaignStatus s = tern.smsc.campaigns().status("alice", id).join().orElseThrow();
            assertThat(s.accepted()).isEqualTo(rows);
            assertThat(s.sent()).isEqualTo(rows);
            assertThat(s.delivered()).isEqualTo(rows);
            SqliteMessageStore db = (SqliteMessageStore) tern.smsc.store();
            long campaignId = id;
            List<String> ids = db.readWith(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, state FROM message WHERE id >= ? AND id < ? ORDER BY id")) {
                    ps.setString(1, "C" + campaignId + "_");
                    ps.setString(2, "C" + campaignId + "`");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            assertThat(rs.getInt(2)).as(rs.getString(1)).isEqualTo(MessageState.DELIVERED.value());
                            out.add(rs.getString(1));
                        }
                    }
                }
                return out;
            }).join();
            // one message per row, and no other
            assertThat(ids).hasSize(rows).doesNotHaveDuplicates();
            for (int row = 1; row <= rows; row++) {
                assertThat(ids).contains(Campaign.messageId(id, row, 1));
            }
        }
    }

    /** {@link CampaignCrashChild} in a JVM of its own, its stdout read line by line. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process process, Path log) {
            this.process = process;
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write(line + "\n");
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EXITED " + e);
                }
                lines.add("EXITED");
            }, "campaign-child-" + process.pid());
            pump.setDaemon(true);
            pump.start();
        }

        static Child start(Path dir, String mode, int rows) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path");
            if (cp == null || cp.isBlank()) {
                cp = System.getProperty("java.class.path");
            }
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
                    CampaignCrashChild.class.getName(), mode, dir.toString(), String.valueOf(rows))
                    .redirectErrorStream(true).start();
            return new Child(p, dir.resolve("child.log"));
        }

        /** The next line that {@code wanted} accepts; fails if the child exits or takes two minutes. */
        String next(Predicate<String> wanted) throws InterruptedException {
            while (true) {
                String line = lines.poll(120, TimeUnit.SECONDS);
                assertThat(line).as("a line from the child (its log: child.log)").isNotNull();
                assertThat(line).as("the child's output").doesNotStartWith("EXITED");
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        /** SIGKILL after up to {@code lines} more lines of its output (a varying instant). */
        void kill(int lines) throws InterruptedException {
            for (int i = 0; i < lines; i++) {
                if (this.lines.poll(5, TimeUnit.MILLISECONDS) == null) {
                    break;
                }
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
