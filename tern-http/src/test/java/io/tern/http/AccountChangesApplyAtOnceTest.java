package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account's webhooks and opt-out keywords changed over the admin API are in force for the next
 * message, without a restart and without unbinding the account's sessions: a handset's MO with a
 * new stop keyword opts it out, and the new mo webhook gets it signed with the new secret.
 */
class AccountChangesApplyAtOnceTest {

    private static final String SECRET = "a-new-webhook-secret-0123";

    @TempDir
    Path dir;
    TestServer tern;
    WebhookEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = WebhookEndpoint.start(SECRET);
        tern = TestServer.startAdministered(dir, AdminApiTest.ACME);
    }

    @AfterEach
    void stop() {
        tern.close();
        endpoint.close();
    }

    @Test
    void newOptOutKeywordsAndMoWebhookApplyToTheNextMessage() throws Exception {
        TestEsme acme = tern.bind("acme", BindType.BIND_TRX);
        mo("447700900777", "HALT");
        assertThat(text(acme.nextMessage())).isEqualTo("HALT");
        assertThat(tern.server.smsc().suppressions().isSuppressed("acme", "447700900777"))
                .as("HALT is no stop keyword yet").isFalse();

        String url = endpoint.url("/mo");
        HttpResponse<String> r = tern.admin("PATCH", "/accounts/acme", """
                {"opt_out": {"stop": ["HALT"]}, "webhooks": {"mo": "%s", "secret": "%s"}}""".formatted(url, SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        mo("447700900778", "HALT");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.server.smsc().suppressions().isSuppressed("acme", "447700900778"));
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.received.containsKey("/mo"));
        assertThat(endpoint.received.get("/mo").encode()).contains("447700900778").contains("HALT");
        assertThat(acme.bound()).as("the account's session was not disturbed").isTrue();
    }

    private void mo(String from, String text) throws Exception {
        HttpResponse<String> r = tern.admin("POST", "/handsets/" + from + "/mo",
                "{\"to\": \"5550001\", \"text\": \"" + text + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static String text(DeliverSm d) {
        return new String(d.getShortMessage(), StandardCharsets.ISO_8859_1);
    }
}
