package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.account.SessionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account's on_max_binds, staleness limits and outbind, as read from the file. */
class SessionPolicyConfigTest {

    private static final String HASH = "$2a$10$GsNLZOSxajXdY1zEha4hH.xcEjQ7A5MtV5YxrO9pKiU0QLUcgTHKi";

    private static SessionPolicy policy(String keys) {
        return policy(keys, Map.of());
    }

    private static SessionPolicy policy(String keys, Map<String, String> env) {
        String yaml = "accounts:\n  - {system_id: a, password_hash: '" + HASH + "'" + keys + "}\n";
        return ConfigLoader.parse(yaml, Path.of("."), env::get).accounts().get(0).sessions();
    }

    @Test
    void anAccountRefusesBindsBeyondMaxBindsAndHasNoOutbindByDefault() {
        assertThat(policy("")).isEqualTo(SessionPolicy.DEFAULT);
        assertThat(SessionPolicy.DEFAULT.onMaxBinds()).isEqualTo(SessionPolicy.OnMaxBinds.REFUSE);
        assertThat(SessionPolicy.DEFAULT.outbind()).isNull();
    }

    @Test
    void replaceStaleAndItsLimitsAreRead() {
        SessionPolicy p = policy(", on_max_binds: replace_stale, stale_enquire_link_timeout: 4s,"
                + " stale_idle_intervals: 5");
        assertThat(p.onMaxBinds()).isEqualTo(SessionPolicy.OnMaxBinds.REPLACE_STALE);
        assertThat(p.staleEnquireLink()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.staleIdleIntervals()).isEqualTo(5);
    }

    @Test
    void anUnknownPolicyNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> policy(", on_max_binds: evict_oldest")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("accounts[0].on_max_binds:").hasMessageContaining("replace_stale");
    }

    @Test
    void outbindIsReadWithThePasswordFromTheEnvironmentAndNeverPrinted() {
        SessionPolicy.Outbind o = policy(", outbind: {host: esme.example, port: 2780, system_id: TERN,"
                + " password: '${OB_PW}', interval: 5s}", Map.of("OB_PW", "s3cret")).outbind();
        assertThat(o).isEqualTo(new SessionPolicy.Outbind("esme.example", 2780, "TERN", "s3cret",
                Duration.ofSeconds(5)));
        assertThat(o.toString()).doesNotContain("s3cret").contains("password=****");
    }

    @Test
    void outbindDefaultsToPort2775AndAThirtySecondInterval() {
        SessionPolicy.Outbind o = policy(", outbind: {host: h, system_id: T, password: p}").outbind();
        assertThat(o.port()).isEqualTo(2775);
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badOutbindValuesNameTheirKeys() {
        assertThatThrownBy(() -> policy(", outbind: {host: h, system_id: T, password: ninechars}"))
                .hasMessageStartingWith("accounts[0].outbind.password:");
        assertThatThrownBy(() -> policy(", outbind: {host: h, system_id: SIXTEEN_CHARS_XX, password: p}"))
                .hasMessageStartingWith("accounts[0].outbind.system_id:");
        assertThatThrownBy(() -> policy(", outbind: {system_id: T, password: p}"))
                .hasMessageStartingWith("accounts[0].outbind.host:");
        assertThatThrownBy(() -> policy(", outbind: {host: h, system_id: T, password: p, tls: true}"))
                .hasMessageStartingWith("accounts[0].outbind.tls: unknown key");
        assertThatThrownBy(() -> policy(", outbind: {host: h, system_id: T, password: p, interval: 0s}"))
                .hasMessageStartingWith("accounts[0].outbind.interval:");
        assertThatThrownBy(() -> policy(", require_tls: true, outbind: {host: h, system_id: T, password: p}"))
                .hasMessageStartingWith("accounts[0].outbind:").hasMessageContaining("plain TCP");
    }
}
