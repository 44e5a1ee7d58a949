package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.account.AccountService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on PostgreSQL over the real HTTP API, sent by two {@code tern serve} nodes (child JVMs)
 * on one database (docs/scaling.md#campaigns): uploaded to node A, then whichever node holds the
 * campaign's send lease is killed with SIGKILL {@value #KILLS} times while it sends, and started
 * again; the other takes the campaign over once the lease ran out ({@code delivery.lease}). At the
 * end, read over HTTP from either node and from the database: every accepted row sent once, with
 * exactly one message each, delivered.
 */
class PostgresCampaignCrashTest {

    private static final String PASSWORD = "crash123";
    private static final int ROWS = 3_000;
    private static final int RATE = 150;
    private static final int KILLS = 5;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration READY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCampaignSurvivesItsSendersKillsAndEveryRowIsDeliveredOnce() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Path log = work.resolve("nodes.log");
            Map<String, Path> configs = Map.of("node-a", config("node-a", url), "node-b", config("node-b", url));
            Map<String, TernProcess> nodes = new HashMap<>();
            try {
                for (Map.Entry<String, Path> e : configs.entrySet()) {
                    nodes.put(e.getKey(), TernProcess.start(e.getValue(), log, READY));
                }
                StringBuilder csv = new StringBuilder("to,name\n");
                for (int i = 1; i <= ROWS; i++) {
                    csv.append("+4477").append(10_000_000 + i).append(",Customer ").append(i).append('\n');
                }
                csv.append("12,Bad\n");
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api(nodes.get("node-a"))
                        + "/campaigns?from=12345&rate=" + RATE + "&template="
                        + URLEncoder.encode("Hi {{name}}", StandardCharsets.UTF_8)))
                        .header("Authorization", basic()).header("Content-Type", "text/csv")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                long id = JSON.readTree(created.body()).get("id").asLong();
                assertThat(status(nodes.get("node-b"), id).get("accepted").asLong()).as("seen by the other node")
                        .isEqualTo(ROWS);

                long tookOver = 0;
                for (int kill = 0; kill < KILLS; kill++) {
                    long before = sent(pg, id);
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sent(pg, id) >= before + RATE);
                    String holder = leaseNode(pg, id);
                    assertThat(holder).isNotNull();
                    nodes.get(holder).kill();
                    long atKill = sent(pg, id);
                    System.out.printf("pg-campaign-crash: kill %d of %s at %d rows sent%n", kill + 1, holder, atKill);
                    assertThat(atKill).as("killed before the end: the campaign is cut in the middle").isLessThan(ROWS);
                    // the other node goes on once the dead node's lease ran out
                    Awaitility.await().atMost(LEASE.plusSeconds(30))
                            .until(() -> sent(pg, id) > atKill && !holder.equals(leaseNode(pg, id)));
                    tookOver++;
                    nodes.put(holder, TernProcess.start(configs.get(holder), log, READY));
                }

                TernProcess any = nodes.get("node-b");
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> status(any, id).get("done").asBoolean());
                for (TernProcess node : nodes.values()) {
                    JsonNode s = status(node, id);
                    assertThat(s.get("sent").asLong()).isEqualTo(ROWS);
                    assertThat(s.get("delivered").asLong()).isEqualTo(ROWS);
                    assertThat(s.get("failed").asLong()).isZero();
                    assertThat(s.get("rejected").asLong()).isEqualTo(1);
                }
                HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(URI.create(api(any) + "/campaigns/" + id
                        + "/rejected")).header("Authorization", basic()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(rejected.body()).isEqualTo("line,reason,row\n" + (ROWS + 2) + ",invalid number '12',\"12,Bad\"\n");
                assertThat(firstPartsPerRow(pg, id)).as("rows with exactly one message, delivered")
                        .isEqualTo(ROWS);
                assertThat(tookOver).isEqualTo(KILLS);
                System.out.printf("pg-campaign-crash: kills=%d rows=%d delivered=%d lost=0 twice=0%n", KILLS, ROWS,
                        ROWS);
            } finally {
                for (TernProcess node : nodes.values()) {
                    node.kill();
                }
            }
        }
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String api(TernProcess node) throws Exception {
        return "http://127.0.0.1:" + node.httpPort() + "/api/v1";
    }

    private JsonNode status(TernProcess node, long id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api(node) + "/campaigns/" + id))
                .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static long sent(EmbeddedPostgres pg, long id) throws Exception {
        return single(pg, "SELECT sent FROM campaign WHERE id = ?", id);
    }

    private static String leaseNode(EmbeddedPostgres pg, long id) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT lease_node FROM campaign WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Rows 1..ROWS that have exactly one first-part message, DELIVERED, and no message of the campaign
     * besides: a message id is C&lt;campaign&gt;_&lt;row&gt;, unique, so ROWS messages naming ROWS
     * distinct rows of the campaign are one message a row. (The rows themselves are deleted once the
     * campaign is finished, which is checked too.)
     */
    private static long firstPartsPerRow(EmbeddedPostgres pg, long id) throws Exception {
        long messages = single(pg, "SELECT count(*) FROM message WHERE id LIKE 'C' || ? || '\\_%'", id);
        assertThat(messages).as("messages of the campaign").isEqualTo(ROWS);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> single(pg,
                "SELECT count(*) FROM campaign_row WHERE campaign_id = ?", id) == 0);
        return single(pg, "SELECT count(DISTINCT split_part(id, '_', 2)::int) FROM message WHERE id LIKE 'C' || ?"
                + " || '\\_%' AND state = 2 AND split_part(id, '_', 2)::int BETWEEN 1 AND " + ROWS, id);
    }

    private static long single(EmbeddedPostgres pg, String sql, long id) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A node on the shared database with the HTTP API, handsets that deliver at once, leases of {@link #LEASE}. */
    private Path config(String node, String url) throws IOException {
        return TernProcess.clusterConfig(work, node, url, LEASE,
                "http: {host: 127.0.0.1, port: 0}",
                "accounts:",
                "  - {system_id: alice, password_hash: '" + AccountService.hash(PASSWORD) + "', default_region: GB}",
                "handsets:",
                "  - {numbers: '*', behaviour: deliver}",
                "routes:",
                "  - {destination: '*', target: sim}");
    }
}
