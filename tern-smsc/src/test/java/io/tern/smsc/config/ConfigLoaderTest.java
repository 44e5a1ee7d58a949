package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String HASH = "$2a$10$GsNLZOSxajXdY1zEha4hH.xcEjQ7A5MtV5YxrO9pKiU0QLUcgTHKi";

    @Test
    void documentedExampleLoads() {
        TernConfig c = ConfigLoader.load(Path.of("..", "examples", "tern.yaml"));

        assertThat(c.accounts()).extracting(a -> a.systemId()).containsExactly("acme", "beta");
        assertThat(c.accounts().get(0).throughput().ratePerSecond()).isEqualTo(500.0);
        assertThat(c.distributionLists()).containsKey("staff");
        assertThat(c.store().retention()).isEqualTo(Duration.ofHours(72));
        Router router = new Router(c.routes(), c.accounts());
        assertThat(router.route("acme", "449000000001", "")).contains(new RouteTarget.Reject(CommandStatus.ESME_RINVDSTADR));
        assertThat(router.route("acme", "447900000001", "")).contains(new RouteTarget.Sim());
        assertThat(router.route("acme", "5551000", "")).contains(new RouteTarget.Esme("beta"));
        assertThat(router.route("acme", "3312345", "CRM")).contains(new RouteTarget.Esme("beta"));
        assertThat(router.route("beta", "3312345", "CRM")).isEmpty();
    }

    @Test
    void defaultsListenOnLoopbackAndRouteEverythingToTheHandsets() {
        TernConfig c = ConfigLoader.defaults(Path.of("data"));

        assertThat(c.listeners()).singleElement().satisfies(l -> {
            assertThat(l.host()).isEqualTo("127.0.0.1");
            assertThat(l.port()).isEqualTo(2775);
        });
        assertThat(new Router(c.routes(), c.accounts()).route("x", "123", "")).contains(new RouteTarget.Sim());
    }

    @Test
    void unknownKeyIsRejectedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("smpp:\n  windw: 10\n", Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("smpp.windw: unknown key");
    }

    @Test
    void badThroughputNamesTheKey() {
        String yaml = "accounts:\n  - system_id: a\n    password_hash: \"" + HASH + "\"\n    throughput: {rate: fast}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("accounts[0].throughput.rate:");
    }

    @Test
    void plainPasswordIsRefused() {
        String yaml = "accounts:\n  - system_id: a\n    password_hash: secret\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Path.of(".")))
                .hasMessageContaining("accounts[0].password_hash").hasMessageContaining("tern passwd");
    }

    @Test
    void routeToUnknownAccountIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - target: esme:nobody\n", Path.of(".")))
                .hasMessageStartingWith("routes[0].target: no account with system_id 'nobody'");
    }

    @Test
    void badDurationNamesTheUnit() {
        assertThatThrownBy(() -> ConfigLoader.parse("store:\n  retention: 3 weeks\n", Path.of(".")))
                .hasMessageStartingWith("store.retention:");
    }

    @Test
    void invalidYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: [\n", Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void protectionLimitsHaveSaneDefaults() {
        TernConfig c = ConfigLoader.defaults(Path.of("data"));

        assertThat(c.smpp().limits()).isEqualTo(io.tern.smpp.session.ServerLimits.DEFAULTS);
        assertThat(c.smpp().limits().partialPduBudget()).isEqualTo(64L << 20);
    }

    @Test
    void partialPduBudgetTakesASizeWithUnit() {
        TernConfig c = ConfigLoader.parse("smpp:\n  partial_pdu_budget: 16MiB\n", Path.of("."));

        assertThat(c.smpp().limits().partialPduBudget()).isEqualTo(16L << 20);
        assertThat(ConfigLoader.parse("smpp: {partial_pdu_budget: 131072}", Path.of(".")).smpp().limits()
                .partialPduBudget()).isEqualTo(131072);
    }

    @Test
    void theLeaseDefaultsToTwiceTheResponseTimeoutPlus30sAndMustExceedTheResponseTimeout() {
        TernConfig dflt = ConfigLoader.parse("smpp: {response_timeout: 5s}", Path.of("."));
        assertThat(dflt.delivery().leaseFor(dflt.smpp().responseTimeout())).isEqualTo(Duration.ofSeconds(40));
        TernConfig set = ConfigLoader.parse("smpp: {response_timeout: 5s}\ndelivery: {lease: 12s}", Path.of("."));
        assertThat(set.delivery().leaseFor(set.smpp().responseTimeout())).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {response_timeout: 5s}\ndelivery: {lease: 5s}",
                Path.of("."))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("delivery.lease: must be longer than smpp.response_timeout");
    }

    @Test
    void aPartialPduBudgetBelow64KiBOrWithoutAUnitWeKnowNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {partial_pdu_budget: 1KiB}", Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("smpp.partial_pdu_budget: must be between");
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {partial_pdu_budget: 64MB}", Path.of(".")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("smpp.partial_pdu_budget: expected a size");
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {partial_pdu_budget: 64KiB, max_pdu_size: 70000}",
                Path.of("."))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("smpp.partial_pdu_budget: must be at least max_pdu_size (70000)");
    }

    @Test
    void writeBufferWaterMarksAreSizesAndTheHighOneMayNotBeBelowTheLowOne() {
        TernConfig c = ConfigLoader.parse("smpp: {write_buffer_low_water: 128KiB, write_buffer_high_water: 256KiB}",
                Path.of("."));

        assertThat(c.smpp().limits().writeBufferLowWaterMark()).isEqualTo(128 << 10);
        assertThat(c.smpp().limits().writeBufferHighWaterMark()).isEqualTo(256 << 10);
        assertThat(ConfigLoader.parse("smpp: {write_buffer_low_water: 1MiB}", Path.of(".")).smpp().limits()
                .writeBufferHighWaterMark()).as("the default high mark follows a larger low one").isEqualTo(1 << 20);
        assertThatThrownBy(() -> ConfigLoader.parse(
                "smpp: {write_buffer_low_water: 128KiB, write_buffer_high_water: 64KiB}", Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("smpp.write_buffer_high_water: must not be below write_buffer_low_water");
    }

    @Test
    void connectionLimitsAreReadAndThePerAddressOneMayNotExceedTheTotal() {
        TernConfig c = ConfigLoader.parse("smpp: {max_connections: 500, max_connections_per_ip: 50}", Path.of("."));

        assertThat(c.smpp().limits().maxConnections()).isEqualTo(500);
        assertThat(c.smpp().limits().maxConnectionsPerIp()).isEqualTo(50);
        assertThat(ConfigLoader.parse("smpp: {max_connections: 20}", Path.of(".")).smpp().limits()
                .maxConnectionsPerIp()).as("the default per address is capped by a smaller total").isEqualTo(20);
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {max_connections: 10, max_connections_per_ip: 11}",
                Path.of("."))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("smpp.max_connections_per_ip: must not be above max_connections (10)");
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {max_connections: 0}", Path.of(".")))
                .hasMessageStartingWith("smpp.max_connections: must be between 1 and 1000000");
    }

    @Test
    void ioThreadsDefaultToOnePerCoreAndAreBounded() {
        assertThat(ConfigLoader.defaults(Path.of("data")).smpp().ioThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ConfigLoader.parse("smpp: {io_threads: 6}", Path.of(".")).smpp().ioThreads()).isEqualTo(6);
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {io_threads: 0}", Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("smpp.io_threads: must be between 1 and 256");
    }

    @Test
    void bindLockoutDefaultsToTenFailuresInFiveMinutesAndNamesItsKeys() {
        assertThat(ConfigLoader.defaults(Path.of("data")).smpp().bindLockout())
                .isEqualTo(new TernConfig.BindLockout(10, Duration.ofMinutes(5), Duration.ofMinutes(5)));
        assertThat(ConfigLoader.parse("smpp: {bind_lockout: {failures: 3, window: 1m, duration: 1h}}", Path.of("."))
                .smpp().bindLockout()).isEqualTo(new TernConfig.BindLockout(3, Duration.ofMinutes(1),
                        Duration.ofHours(1)));
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {bind_lockout: {failures: 0}}", Path.of(".")))
                .hasMessageStartingWith("smpp.bind_lockout.failures: must be between 1");
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {bind_lockout: {duration: 0s}}", Path.of(".")))
                .hasMessageStartingWith("smpp.bind_lockout.duration: must be a positive duration");
        assertThatThrownBy(() -> ConfigLoader.parse("smpp: {bind_lockout: {attempts: 3}}", Path.of(".")))
                .hasMessageStartingWith("smpp.bind_lockout.attempts: unknown key");
    }

    @Test
    void apiKeysNameAnAccountAndHoldOnlyTheTokensHash() {
        String accounts = "accounts:\n  - system_id: a\n    password_hash: \"" + HASH + "\"\n";
        String good = "{id: 0123456789ab, system_id: a, sha256: " + "0f".repeat(32) + ", created: '2026-12-07T08:00:00Z'}";
        TernConfig c = ConfigLoader.parse(accounts + "api_keys: [" + good + "]\n", Path.of("."));
        assertThat(c.apiKeys()).singleElement().satisfies(k -> {
            assertThat(k.systemId()).isEqualTo("a");
            assertThat(k.label()).isEmpty();
            assertThat(k.toString()).doesNotContain("0f0f");
        });
        assertThatThrownBy(() -> ConfigLoader.parse(accounts + "api_keys: [" + good.replace("system_id: a", "system_id: b")
                + "]\n", Path.of("."))).hasMessageStartingWith("api_keys[0].system_id: names no account: 'b'");
        assertThatThrownBy(() -> ConfigLoader.parse(accounts + "api_keys: [" + good.replace("0123456789ab", "XYZ")
                + "]\n", Path.of("."))).hasMessageStartingWith("api_keys[0].id: must be 12 lower-case hex digits");
        assertThatThrownBy(() -> ConfigLoader.parse(accounts + "api_keys: [" + good + ", " + good + "]\n",
                Path.of("."))).hasMessageStartingWith("api_keys[1].id: API key '0123456789ab' is listed twice");
        assertThatThrownBy(() -> ConfigLoader.parse(accounts + "api_keys: [" + good.replace("0f".repeat(32), "secret")
                + "]\n", Path.of("."))).hasMessageStartingWith("api_keys[0].sha256: must be the token's SHA-256");
        assertThatThrownBy(() -> ConfigLoader.parse(accounts + "api_keys: [" + good.replace("'2026-12-07T08:00:00Z'",
                "yesterday") + "]\n", Path.of("."))).hasMessageStartingWith("api_keys[0].created: must be an ISO-8601");
    }
}
