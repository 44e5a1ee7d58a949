package io.tern.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.smsc.account.AccountService;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignState;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.e2e.MutableClock;
import io.tern.smsc.server.Smsc;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SMSC nodes on one PostgreSQL database and one campaign (docs/campaigns.md#several-nodes-on-one-postgresql):
 * created through one node, it is seen, paused, resumed and cancelled through the other; only the
 * holder of its lease sends it, and it stops when another node pauses or cancels it.
 */
class PostgresCampaignNodesTest {

    private static final String PASSWORD = "secret";
    private static String url;
    private static String hash;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    Smsc a;
    Smsc b;

    @BeforeAll
    static void database() {
        url = TestDatabase.create("tern_campaign_nodes");
        hash = AccountService.hash(PASSWORD);
    }

    @BeforeEach
    void start() {
        a = node("node-a");
        b = node("node-b");
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    private Smsc node(String id) {
        return Smsc.start(ConfigLoader.parse("""
                node_id: %s
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {type: postgresql, url: '%s', pool_size: 3, path: '%s'}
                delivery: {scan_interval: 100ms}
                accounts:
                  - {system_id: alice, password_hash: '%s'}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '*', behaviour: deliver}
                """.formatted(id, url, dir.resolve(id), hash), Path.of(".")), clock);
    }

    static String csv(int n) {
        StringBuilder s = new StringBuilder("to,name\n");
        for (int i = 1; i <= n; i++) {
            s.append("+4474").append(10_000_000 + i).append(",Customer ").append(i).append('\n');
        }
        return s.toString();
    }

    static CampaignStatus status(Campaigns node, Campaign c) {
        return node.status("alice", c.id()).join().orElseThrow();
    }

    /** Returns once node {@code a} looked at campaign {@code c} {@code n} more times with nothing of it under way. */
    void afterLooks(Campaign c, int n) {
        long from = a.campaigns().looks(c.id());
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.campaigns().looks(c.id()) >= from + n);
    }

    @Test
    void aCampaignCreatedOnOneNodeIsSentByTheLeaseHolderAndPausedResumedAndCancelledThroughTheOther()
            throws Exception {
        Campaign c = a.campaigns().create("alice", CampaignSpec.of("12345", "Hi {{name}}").withRate(200),
                new ByteArrayInputStream(csv(1_000).getBytes(StandardCharsets.UTF_8)));
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(b.campaigns(), c).sent() >= 50);
        assertThat(leaseNode(c.id())).isEqualTo("node-a");

        // paused through node b: node a stops sending within a rescan (1 s) or a fenced batch
        assertThat(b.campaigns().pause("alice", c.id()).join().state()).isEqualTo(CampaignState.PAUSED);
        await().atMost(10, TimeUnit.SECONDS).until(() -> leaseNode(c.id()) == null);
        afterLooks(c, 3);
        long sentWhenPaused = status(a.campaigns(), c).sent();
        afterLooks(c, 5);
        assertThat(status(a.campaigns(), c).sent()).isEqualTo(sentWhenPaused).isLessThan(1_000);

        // resumed through node b: one of the two nodes takes the lease and goes on
        b.campaigns().resume("alice", c.id()).join();
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(a.campaigns(), c).sent() >= sentWhenPaused + 50);
        assertThat(leaseNode(c.id())).isIn("node-a", "node-b");

        // cancelled through whichever node is not sending it: the sender stops
        Smsc other = "node-a".equals(leaseNode(c.id())) ? b : a;
        assertThat(other.campaigns().cancel("alice", c.id()).join().state()).isEqualTo(CampaignState.CANCELLED);
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(a.campaigns(), c).done()
                && status(b.campaigns(), c).done());
        CampaignStatus s = status(b.campaigns(), c);
        assertThat(s.sent()).isLessThan(1_000);
        assertThat(s.cancelled()).isEqualTo(1_000 - s.sent());
        assertThat(s.delivered()).isEqualTo(s.sent());
        assertThat(messages(c.id())).as("one message per sent row, and no other").isEqualTo(s.sent());
        assertThatThrownBy(() -> a.campaigns().resume("alice", c.id()).join()).hasMessageContaining("is CANCELLED");
    }

    @Test
    void aCampaignLeftByAStoppedNodeIsFinishedByTheOther() throws Exception {
        Campaign c = a.campaigns().create("alice", CampaignSpec.of("12345", "Hi {{name}}").withRate(200),
                new ByteArrayInputStream(csv(600).getBytes(StandardCharsets.UTF_8)));
        await().atMost(20, TimeUnit.SECONDS).until(() -> status(b.campaigns(), c).sent() >= 50);
        a.close(); // a clean stop gives the lease up: node b goes on at once, without waiting for it to run out
        await().atMost(30, TimeUnit.SECONDS).until(() -> status(b.campaigns(), c).done());
        CampaignStatus s = status(b.campaigns(), c);
        assertThat(s.sent()).isEqualTo(600);
        assertThat(s.delivered()).isEqualTo(600);
        assertThat(messages(c.id())).isEqualTo(600);
        a = node("node-a");
    }

    private static String leaseNode(long id) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT lease_node FROM campaign WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long messages(long id) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM message WHERE id LIKE ?")) {
            ps.setString(1, "C" + id + "\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
