package io.tern.http;

import static io.tern.http.AdminApiTest.json;
import static io.tern.http.AdminApiTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution lists over the admin API (real HTTP) against a running Tern with its SQLite store: a
 * list created, its members replaced and the list deleted are in force for the very next
 * submit_multi (SMPP, Tern's own client, which writes dl_name), audited, exported and kept across a
 * restart; bad input is refused with problem details naming the field.
 */
class DistributionListAdminTest {

    static final String BODY = """
            http: {port: 0}
            accounts:
              - {system_id: alice, password_hash: HASH}
            routes:
              - {destination: '44*', target: sim}
            distribution_lists:
              - {name: staff, members: ['447700900001']}
            """;

    @TempDir
    Path dir;
    TestServer tern;
    SmppClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (tern != null) {
            tern.close();
        }
    }

    @Test
    void aListIsInForceForTheNextSubmitMultiWhenCreatedChangedAndDeleted() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        SmppSession alice = bind();

        assertThat(submitMulti(alice, "team").commandStatus()).isEqualTo(CommandStatus.ESME_RINVDLNAME);

        var r = tern.admin("POST", "/distribution-lists",
                "{\"name\": \"team\", \"members\": [\"447700900071\", \"447700900072\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(destinations(submitMulti(alice, "team"))).containsExactlyInAnyOrder("447700900071",
                "447700900072");

        r = tern.admin("PUT", "/distribution-lists/team/members", "[\"447700900073\"]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("members").toString()).isEqualTo("[\"447700900073\"]");
        assertThat(destinations(submitMulti(alice, "team"))).containsExactly("447700900073");
        assertThat(tern.admin("GET", "/export", null).body()).contains("team").contains("447700900073");

        assertThat(tern.admin("DELETE", "/distribution-lists/team", null).statusCode()).isEqualTo(204);
        assertThat(submitMulti(alice, "team").commandStatus()).isEqualTo(CommandStatus.ESME_RINVDLNAME);
        assertThat(destinations(submitMulti(alice, "staff"))).containsExactly("447700900001");

        JsonNode audit = json(tern.admin("GET", "/audit?limit=3", null));
        assertThat(audit.findValuesAsText("action")).containsExactly("distribution_list.delete",
                "distribution_list.replace", "distribution_list.create");
        assertThat(audit.findValuesAsText("subject")).containsOnly("team");
        assertThat(audit.get(1).path("before").path("members").size()).isEqualTo(2);
        assertThat(audit.get(1).path("after").path("members").size()).isEqualTo(1);
    }

    @Test
    void listsChangedOverTheApiOutliveARestartAndTheFileSeedsOnlyTheFirstStart() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        assertThat(json(tern.admin("GET", "/distribution-lists", null)).findValuesAsText("name"))
                .containsExactly("staff");
        tern.admin("POST", "/distribution-lists", "{\"name\": \"team\", \"members\": [\"447700900071\"]}");
        tern.admin("DELETE", "/distribution-lists/staff", null);
        tern.close();

        tern = TestServer.startAdministered(dir, BODY);
        assertThat(json(tern.admin("GET", "/distribution-lists", null)).findValuesAsText("name"))
                .containsExactly("team");
        assertThat(destinations(submitMulti(bind(), "team"))).containsExactly("447700900071");
    }

    @Test
    void badInputIsRefusedWithProblemDetailsNamingTheField() throws Exception {
        tern = TestServer.startAdministered(dir, BODY);
        assertThat(problem(tern.admin("GET", "/distribution-lists/nope", null), 404, "name")).contains("nope");
        assertThat(problem(tern.admin("PUT", "/distribution-lists/nope/members", "[\"447700900071\"]"), 404,
                "name")).contains("nope");
        assertThat(problem(tern.admin("DELETE", "/distribution-lists/nope", null), 404, "name")).contains("nope");
        assertThat(problem(tern.admin("POST", "/distribution-lists",
                "{\"name\": \"staff\", \"members\": [\"447700900071\"]}"), 409, "name")).contains("staff");
        assertThat(problem(tern.admin("POST", "/distribution-lists",
                "{\"name\": \"team\", \"members\": [\"447700900071\", \"+44 7700\"]}"), 400, "members[1]"))
                .contains("+44 7700");
        assertThat(problem(tern.admin("PUT", "/distribution-lists/staff/members", "[\"12ab\"]"), 400,
                "members[0]")).contains("12ab");
        assertThat(problem(tern.admin("PUT", "/distribution-lists/staff/members", "[]"), 400, "members"))
                .contains("1..254");
        assertThat(problem(tern.admin("PUT", "/distribution-lists/staff/members", "{\"members\": 1}"), 400,
                "members")).contains("list");
        assertThat(problem(tern.admin("POST", "/distribution-lists",
                "{\"name\": \"a-name-longer-than-20\", \"members\": [\"447700900071\"]}"), 400, "name"))
                .contains("1..20");
        assertThat(problem(tern.admin("POST", "/distribution-lists", "{\"members\": [\"447700900071\"]}"), 400,
                "name")).contains("required");
        assertThat(json(tern.admin("GET", "/config/version", null)).path("version").asLong()).isEqualTo(1);
    }

    private SmppSession bind() throws Exception {
        client = new SmppClient(SmppClientConfig.of("127.0.0.1", tern.smppPort(), "alice", TestServer.PASSWORD,
                BindType.TRANSCEIVER).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                (s, request) -> CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK)),
                SessionListener.NONE);
        return client.connect().get(10, TimeUnit.SECONDS);
    }

    private static PduResponse submitMulti(SmppSession session, String dlName) throws Exception {
        return session.send(new SubmitMulti(0, "", Address.international("12345"),
                List.of(new DestAddress.DistributionList(dlName)), 0, 0, 0, "", "", 0, 0, 0, 0,
                "to the list".getBytes(StandardCharsets.US_ASCII), Tlvs.EMPTY)).get(10, TimeUnit.SECONDS);
    }

    /** The destinations of the messages a submit_multi stored (one per member, each with a part id of its id). */
    private List<String> destinations(PduResponse resp) {
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        String id = ((io.tern.smpp.pdu.SubmitMultiResp) resp).messageId();
        List<String> out = new java.util.ArrayList<>();
        for (int n = 0;; n++) {
            java.util.Optional<StoredMessage> m = tern.server.smsc().store().find(StoredMessage.partId(id, n)).join();
            if (m.isEmpty()) {
                return out;
            }
            out.add(m.get().destination().addr());
        }
    }
}
