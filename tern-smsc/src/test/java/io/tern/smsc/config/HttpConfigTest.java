package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code http} key: absent means no HTTP listener; present, it is validated like every key. */
class HttpConfigTest {

    private static TernConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, Path.of("."));
    }

    @Test
    void absentMeansNoListener() {
        assertThat(parse("smpp: {window: 10}\n").http()).isNull();
        assertThat(ConfigLoader.defaults(Path.of("data")).http()).isNull();
    }

    @Test
    void presentWithDefaults() {
        assertThat(parse("http: {}\n").http()).isEqualTo(new TernConfig.Http("127.0.0.1", 8080, Duration.ofSeconds(5)));
    }

    @Test
    void everyKey() {
        assertThat(parse("http: {host: 0.0.0.0, port: 0, metrics_interval: 250ms}\n").http())
                .isEqualTo(new TernConfig.Http("0.0.0.0", 0, Duration.ofMillis(250)));
    }

    @Test
    void theHttpListenerSurvivesTheWithers() {
        TernConfig c = parse("http: {port: 9090}\n");
        assertThat(c.withListeners(c.listeners()).withStore(c.store()).withAccounts(c.accounts()).http())
                .isEqualTo(c.http());
        assertThat(c.withHttp(null).http()).isNull();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("http: {port: 70000}\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http.port: ");
        assertThatThrownBy(() -> parse("http: {port: -1}\n")).hasMessageStartingWith("http.port: ");
        assertThatThrownBy(() -> parse("http: {prot: 8080}\n")).hasMessageStartingWith("http.prot: unknown key");
        assertThatThrownBy(() -> parse("http: {host: ''}\n")).hasMessageStartingWith("http.host: ");
        assertThatThrownBy(() -> parse("http: {metrics_interval: 0s}\n"))
                .hasMessageStartingWith("http.metrics_interval: must be a positive duration");
        assertThatThrownBy(() -> parse("http: 8080\n")).hasMessageStartingWith("http: expected a mapping");
    }
}
