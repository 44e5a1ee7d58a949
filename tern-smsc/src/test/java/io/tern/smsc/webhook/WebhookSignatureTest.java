package io.tern.smsc.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsWithHmacSha256AsRfc4231TestCase2() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertThat(WebhookSignature.sign("Jefe", body))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void verifyAcceptsOnlyTheSignatureOfTheseExactOctetsWithThisSecret() {
        byte[] body = "{\"event\":\"mo\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.sign("0123456789abcdef", body);

        assertThat(WebhookSignature.verify("0123456789abcdef", body, header)).isTrue();
        assertThat(WebhookSignature.verify("0123456789abcdeF", body, header)).isFalse();
        assertThat(WebhookSignature.verify("0123456789abcdef", "{\"event\":\"mo\" }".getBytes(StandardCharsets.UTF_8),
                header)).isFalse();
        assertThat(WebhookSignature.verify("0123456789abcdef", body, null)).isFalse();
    }

    @Test
    void configNeverPrintsTheSecret() {
        WebhookConfig c = new WebhookConfig(java.net.URI.create("https://crm.example/r"), null, "very-secret-value-1",
                8, java.time.Duration.ofSeconds(10));

        assertThat(c.toString()).doesNotContain("very-secret-value-1").contains("secret=****");
    }
}
