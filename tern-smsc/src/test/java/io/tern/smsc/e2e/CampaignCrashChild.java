package io.tern.smsc.e2e;

import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link CampaignCrashTest} kills: an SMSC on a data directory that uploads campaigns
 * one after the other ({@code ingest}) or sends one ({@code send}), telling its parent on stdout
 * how far it got. Run with {@code java -cp TEST_CLASSPATH io.tern.smsc.e2e.CampaignCrashChild MODE DIR ROWS}.
 */
public final class CampaignCrashChild {

    static final String BODY = """
            accounts:
              - {system_id: alice, password_hash: HASH}
            routes:
              - {destination: '*', target: sim}
            handsets:
              - {numbers: '*', behaviour: deliver}
            """;

    private CampaignCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        Smsc smsc = Smsc.start(ConfigLoader.parse(TestSmsc.yaml(dir, BODY), Path.of(".")), Clock.systemUTC());
        Campaigns campaigns = smsc.campaigns();
        System.out.println("READY");
        if (mode.equals("ingest")) {
            while (true) {
                Campaign c = campaigns.create("alice", CampaignSpec.of("12345", "Hi {{name}}"), new Rows(rows));
                System.out.println("DURABLE " + c.id() + " " + c.accepted());
            }
        }
        List<Campaign> existing = campaigns.list("alice", 10).join();
        Campaign c = existing.isEmpty()
                ? campaigns.create("alice", CampaignSpec.of("12345", "Hi {{name}}").withRate(rows / 4), new Rows(rows))
                : existing.get(0);
        System.out.println("DURABLE " + c.id() + " " + c.accepted());
        long id = c.id();
        Executors.newSingleThreadScheduledExecutor().scheduleWithFixedDelay(() -> {
            CampaignStatus s = campaigns.status("alice", id).join().orElseThrow();
            System.out.println("SENT " + s.sent() + " " + s.delivered());
            if (s.done()) {
                System.out.println("DONE");
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        new CountDownLatch(1).await(); // until killed
    }

    /**
     * A CSV of {@code n} rows made as it is read (the upload streams it), printing HALF when half of
     * it has been read: the parent's cue to kill in the middle of an upload.
     */
    static final class Rows extends InputStream {
        private final int n;
        private int next;
        private byte[] line = "to,name\n".getBytes(StandardCharsets.US_ASCII);
        private int pos;

        Rows(int n) {
            this.n = n;
        }

        @Override
        public int read() {
            if (pos == line.length) {
                if (next == n) {
                    return -1;
                }
                next++;
                if (next == n / 2) {
                    System.out.println("HALF");
                }
                line = ("+4474" + (10_000_000 + next) + ",Customer " + next + "\n").getBytes(StandardCharsets.US_ASCII);
                pos = 0;
            }
            return line[pos++];
        }
    }
}
