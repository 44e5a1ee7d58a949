package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.optout.OptOutConfig;
import io.tern.smsc.webhook.WebhookConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code webhooks} and {@code opt_out} keys of an account. */
class WebhookConfigTest {

    private static final String HASH = "'$2a$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234'";

    private static TernConfig parse(String account, Map<String, String> env) {
        return ConfigLoader.parse("accounts:\n  - {system_id: acme, password_hash: " + HASH + ", " + account + "}\n",
                Path.of("."), env::get);
    }

    private static TernConfig parse(String account) {
        return parse(account, Map.of());
    }

    @Test
    void everyKeyWithTheSecretFromTheEnvironment() {
        TernConfig c = parse("webhooks: {receipts: 'https://crm.example/r', mo: 'http://127.0.0.1:9000/mo',"
                + " secret: '${HOOK_SECRET}', concurrency: 3, timeout: 2s}", Map.of("HOOK_SECRET", "s3cret-s3cret-s3cret"));

        assertThat(c.webhooksOf("acme")).isEqualTo(new WebhookConfig(URI.create("https://crm.example/r"),
                URI.create("http://127.0.0.1:9000/mo"), "s3cret-s3cret-s3cret", 3, Duration.ofSeconds(2)));
        assertThat(c.webhooksOf("beta")).isNull();
        assertThat(c.withAccounts(c.accounts()).webhooksOf("acme")).isEqualTo(c.webhooksOf("acme"));
    }

    @Test
    void defaultsAndOneUrlIsEnough() {
        WebhookConfig w = parse("webhooks: {mo: 'https://crm.example/mo', secret: 0123456789abcdef}").webhooksOf("acme");

        assertThat(w.receipts()).isNull();
        assertThat(w.concurrency()).isEqualTo(8);
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSecretAloneIsEnoughForCallbackUrls() {
        WebhookConfig w = parse("webhooks: {secret: 0123456789abcdef}").webhooksOf("acme");

        assertThat(w.receipts()).isNull();
        assertThat(w.mo()).isNull();
        assertThat(w.secret()).isEqualTo("0123456789abcdef");
    }

    @Test
    void optOutKeywordsDefaultAndAreConfigurable() {
        assertThat(parse("max_binds: 1").optOutOf("acme")).isEqualTo(OptOutConfig.DEFAULT);
        assertThat(parse("opt_out: {stop: [Halt]}").optOutOf("acme"))
                .isEqualTo(new OptOutConfig(List.of("HALT"), OptOutConfig.DEFAULT.start().stream().toList()));
        assertThat(parse("opt_out: {stop: [], start: []}").optOutOf("acme").keyword("STOP"))
                .isEqualTo(OptOutConfig.Keyword.NONE);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("webhooks: {mo: 'ftp://x/y', secret: 0123456789abcdef}"))
                .hasMessageStartingWith("accounts[0].webhooks.mo: must be an http:// or https:// URL");
        assertThatThrownBy(() -> parse("webhooks: {mo: 'https://x/y', secret: short}"))
                .hasMessageStartingWith("accounts[0].webhooks.secret: must be at least 16 characters");
        assertThatThrownBy(() -> parse("webhooks: {mo: 'https://x/y'}"))
                .hasMessageStartingWith("accounts[0].webhooks.secret: is required");
        assertThatThrownBy(() -> parse("webhooks: {mo: 'https://x/y', secret: '${NOPE}'}"))
                .hasMessageStartingWith("accounts[0].webhooks.secret: environment variable NOPE is not set");
        assertThatThrownBy(() -> parse("webhooks: {mo: 'https://x/y', secret: 0123456789abcdef, timeout: 0s}"))
                .hasMessageStartingWith("accounts[0].webhooks.timeout: must be a positive duration");
        assertThatThrownBy(() -> parse("webhooks: {mo: 'https://x/y', secret: 0123456789abcdef, retries: 3}"))
                .hasMessageStartingWith("accounts[0].webhooks.retries: unknown key");
        assertThatThrownBy(() -> parse("opt_out: {stop: [STOP], start: [stop]}"))
                .hasMessageStartingWith("accounts[0].opt_out: 'STOP' is both a stop and a start keyword");
    }

    @Test
    void webhookTargetsCannotBeRouted() {
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - {target: 'webhook:acme'}\n", Path.of(".")))
                .hasMessageStartingWith("routes[0].target: webhook targets are not chosen by routes");
    }
}
