package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.http.TernServer;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern admin ...} against a running Tern over real HTTP: each command changes what the
 * server runs, and each bad input prints the server's message naming the field and exits non-zero.
 */
class AdminCommandTest {

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;
    TernServer server;
    String url;
    Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "secret1".toCharArray());
        String yaml = "listeners: [{host: 127.0.0.1, port: 0}]\n"
                + "store: {path: '" + dir.resolve("data") + "'}\n"
                + "http: {port: 0}\n"
                + "accounts:\n  - {system_id: alice, password_hash: '" + hash + "'}\n"
                + "routes:\n  - {destination: '44*', target: sim}\n";
        server = TernServer.start(ConfigDocument.parse(yaml, dir), c -> c, Clock.systemUTC());
        url = "http://127.0.0.1:" + server.httpPort().orElseThrow();
        assertThat(Main.run("admin", "token", "create", "--name", "ops", "--data", dir.resolve("data").toString()))
                .isZero();
        String token = output.out().trim();
        assertThat(token).startsWith("tern_admin_");
        assertThat(Files.readString(dir.resolve("data/admin-tokens"))).startsWith("ops ").doesNotContain(token);
        tokenFile = Files.writeString(dir.resolve("token"), token);
        output.reset();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTokenForADataDirectoryThatDoesNotExistIsRefused() {
        Path typo = dir.resolve("dta");

        int code = Main.run("admin", "token", "create", "--data", typo.toString());

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).contains("tern: admin: data directory " + typo + " does not exist");
        assertThat(output.out()).isEmpty();
        assertThat(typo).doesNotExist();
    }

    /** {@code tern admin ARGS --url URL --token-file FILE}. */
    private int admin(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add("admin");
        all.addAll(java.util.List.of(args));
        all.addAll(java.util.List.of("--url", url, "--token-file", tokenFile.toString()));
        return Main.run(all.toArray(new String[0]));
    }

    private TernConfig running() {
        return server.smsc().config();
    }

    @Test
    void accountCommandsChangeTheRunningServer() throws Exception {
        assertThat(admin("account", "create", "carol", "--password", "Tern2day", "--max-binds", "2", "--rate", "50",
                "--allowed-ip", "127.0.0.0/8", "--address", "5559*")).isZero();
        assertThat(output.out()).contains("\"system_id\" : \"carol\"").contains("\"password_hash\" : \"****\"")
                .doesNotContain("Tern2day");
        assertThat(running().accounts()).extracting(a -> a.systemId()).containsExactly("alice", "carol");
        assertThat(running().accounts().get(1).throughput().ratePerSecond()).isEqualTo(50.0);

        assertThat(admin("account", "throughput", "carol", "--rate", "10", "--burst", "2")).isZero();
        assertThat(running().accounts().get(1).throughput().burst()).isEqualTo(2);
        assertThat(admin("account", "ips", "carol", "10.0.0.0/8", "127.0.0.1")).isZero();
        assertThat(running().accounts().get(1).allowedIps()).hasToString("[10.0.0.0/8, 127.0.0.1]");
        assertThat(admin("account", "addresses", "carol", "5558*")).isZero();
        assertThat(running().accounts().get(1).addresses()).hasToString("[5558*]");
        assertThat(admin("account", "update", "carol", "--set", "max_binds=5", "--set", "dedupe_window=1m")).isZero();
        assertThat(running().accounts().get(1).maxBinds()).isEqualTo(5);
        Path pw = Files.writeString(dir.resolve("pw"), "New5pass\n");
        assertThat(admin("account", "password", "carol", "--password-file", pw.toString())).isZero();
        assertThat(BCrypt.verifyer().verify("New5pass".toCharArray(), running().accounts().get(1).passwordHash())
                .verified).isTrue();
        assertThat(admin("account", "disable", "carol")).isZero();
        assertThat(running().accounts().get(1).enabled()).isFalse();
        assertThat(admin("account", "enable", "carol")).isZero();
        assertThat(running().accounts().get(1).enabled()).isTrue();
        output.reset();
        assertThat(admin("account", "api-key", "create", "carol", "crm")).isZero();
        String keyId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output.out()).path("id").asText();
        assertThat(output.out()).contains("\"token\" : \"tern_");
        assertThat(admin("account", "api-key", "revoke", "carol", keyId)).isZero();
        assertThat(admin("account", "api-key", "revoke", "carol", keyId)).isEqualTo(1);
        output.reset();
        assertThat(admin("account", "show", "carol")).isZero();
        assertThat(output.out()).contains("\"sessions_bound\" : 0");
        assertThat(admin("account", "list")).isZero();
        assertThat(admin("account", "delete", "carol")).isZero();
        assertThat(output.out()).contains("tern: account carol deleted");
        assertThat(running().accounts()).extracting(a -> a.systemId()).containsExactly("alice");
    }

    @Test
    void badInputPrintsTheServersMessageAndExitsNonZero() {
        assertThat(admin("account", "create", "alice", "--password", "Tern2day")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: an account with system_id 'alice' exists (field: system_id)");
        output.reset();
        assertThat(admin("account", "create", "dave", "--password", "abc")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: weak password").contains("(field: password)");
        output.reset();
        assertThat(admin("account", "create", "dave", "--password", "Tern2day", "--allowed-ip", "300.1.2.3/8"))
                .isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: allowed_ips[0]: ").contains("300.1.2.3/8");
        output.reset();
        assertThat(admin("account", "disable", "nobody")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: no account with system_id 'nobody'").contains("404");
        output.reset();
        assertThat(admin("connector", "disable", "nowhere")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: no connector with name 'nowhere'");
        output.reset();
        assertThat(admin("route", "add", "--destination", "33*", "--target", "esme:ghost")).isEqualTo(1);
        assertThat(output.err()).contains("no account with system_id 'ghost'");
        output.reset();
        assertThat(Main.run("admin", "account", "list", "--url", url, "--token", "tern_admin_wrong")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: the admin token is not valid");
        output.reset();
        assertThat(Main.run("admin", "account", "list", "--url", "http://127.0.0.1:1", "--token-file",
                tokenFile.toString())).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: cannot reach the admin API");
        assertThat(running().accounts()).extracting(a -> a.systemId()).containsExactly("alice");
    }

    @Test
    void routeConnectorHandsetAuditAndExportCommands() throws Exception {
        assertThat(admin("connector", "add", "up", "--host", "127.0.0.1", "--port", "9", "--system-id", "tern",
                "--password", "pw123", "--set", "sessions=2")).isZero();
        assertThat(server.smsc().connectors().connector("up").config().sessions()).isEqualTo(2);
        assertThat(admin("route", "add", "--destination", "33*", "--target", "connector:up", "--position", "0"))
                .isZero();
        assertThat(running().routes().get(0).target().key()).isEqualTo("connector:up");
        assertThat(admin("connector", "disable", "up")).isZero();
        assertThat(server.smsc().connectors().connector("up")).isNull();
        assertThat(admin("connector", "enable", "up")).isZero();
        assertThat(admin("connector", "update", "up", "--set", "window=5")).isZero();
        assertThat(server.smsc().connectors().connector("up").config().window()).isEqualTo(5);
        output.reset();
        assertThat(admin("connector", "remove", "up")).isEqualTo(1);
        assertThat(output.err()).contains("routes[0].target");
        assertThat(admin("route", "remove", "0")).isZero();
        assertThat(admin("connector", "remove", "up")).isZero();
        assertThat(server.smsc().connectors().connector("up")).isNull();

        assertThat(admin("handset", "absent", "447700900001")).isZero();
        assertThat(server.smsc().handsets().isPresent("447700900001")).isFalse();
        assertThat(admin("handset", "present", "447700900001")).isZero();
        assertThat(server.smsc().handsets().isPresent("447700900001")).isTrue();

        output.reset();
        assertThat(admin("audit", "--limit", "3")).isZero();
        assertThat(output.out()).contains("\"action\" : \"connector.remove\"").contains("\"actor\" : \"ops\"")
                .doesNotContain("pw123");

        Path exported = dir.resolve("exported.yaml");
        assertThat(admin("export", "--output", exported.toString())).isZero();
        TernConfig loaded = ConfigLoader.load(exported);
        assertThat(loaded.accounts()).isEqualTo(running().accounts());
        assertThat(loaded.routes()).extracting(r -> r.target().key()).containsExactly("sim");
        assertThat(loaded.connectors()).isEmpty();
    }

    @Test
    void distributionListCommandsChangeTheListsOfTheRunningServerAndTheExport() throws Exception {
        assertThat(admin("distribution-list", "create", "team", "447700900071", "447700900072")).isZero();
        assertThat(running().distributionLists()).containsEntry("team", java.util.List.of("447700900071",
                "447700900072"));
        assertThat(admin("dl", "members", "team", "447700900073")).isZero();
        assertThat(running().distributionLists()).containsEntry("team", java.util.List.of("447700900073"));
        output.reset();
        assertThat(admin("distribution-list", "list")).isZero();
        assertThat(output.out()).contains("\"name\" : \"team\"").contains("447700900073");

        Path exported = dir.resolve("exported.yaml");
        assertThat(admin("export", "--output", exported.toString())).isZero();
        assertThat(ConfigLoader.load(exported).distributionLists()).isEqualTo(running().distributionLists());

        output.reset();
        assertThat(admin("distribution-list", "members", "team", "+447700")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: members[0]: must be an international number")
                .contains("[HTTP 400]");
        output.reset();
        assertThat(admin("distribution-list", "show", "ghosts")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: no distribution list with name 'ghosts'");
        output.reset();
        assertThat(admin("distribution-list", "delete", "team")).isZero();
        assertThat(output.out()).contains("distribution list team deleted");
        assertThat(running().distributionLists()).doesNotContainKey("team");
        output.reset();
        assertThat(admin("audit", "--limit", "1")).isZero();
        assertThat(output.out()).contains("\"action\" : \"distribution_list.delete\"");
    }

    @Test
    void handsetReplyAndMoCommands() throws Exception {
        assertThat(admin("handset", "reply", "4477009*", "--text", "STOP", "--probability", "0.25")).isZero();
        assertThat(server.smsc().handsets().replyOf("447700900001")).isEqualTo(new io.tern.smsc.sim.Reply("STOP",
                25));
        output.reset();
        assertThat(admin("handset", "replies")).isZero();
        assertThat(output.out()).contains("\"pattern\" : \"4477009*\"").contains("\"probability\" : 0.25");
        output.reset();
        assertThat(admin("handset", "reply", "4477009*", "--text", "STOP", "--probability", "1.5")).isEqualTo(1);
        assertThat(output.err()).startsWith("tern: admin: probability must be a number from 0 to 1");
        output.reset();
        assertThat(admin("handset", "reply", "4477009*", "--text", "STOP")).isEqualTo(2);
        assertThat(output.err()).contains("--probability");
        assertThat(admin("handset", "unreply", "4477009*")).isZero();
        assertThat(server.smsc().handsets().replyOf("447700900001")).isNull();
        output.reset();
        assertThat(admin("handset", "unreply", "4477009*")).isEqualTo(1);
        assertThat(output.err()).contains("no reply is set for handsets 4477009*");

        output.reset();
        assertThat(admin("handset", "mo", "447700900001", "--to", "12345", "--text", "hello")).isEqualTo(1);
        assertThat(output.err()).contains("(field: to)"); // no route takes 12345
        output.reset();
        assertThat(admin("handset", "mo", "447700900001", "--to", "447700900002", "--text", "hello")).isZero();
        String id = json(output.out()).path("id").asText();
        assertThat(server.smsc().store().find(id).join()).hasValueSatisfying(m -> {
            assertThat(m.source().addr()).isEqualTo("447700900001");
            assertThat(m.destination().addr()).isEqualTo("447700900002");
        });
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }
}
