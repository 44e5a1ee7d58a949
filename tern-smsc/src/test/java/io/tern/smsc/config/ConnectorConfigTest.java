package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.ConnectorGroupConfig;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connectors: and connector_groups: sections, their defaults, and every error naming its key. */
class ConnectorConfigTest {

    private static TernConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, Path.of("."), env::get);
    }

    @Test
    void connectorWithEveryKeyLoads() {
        TernConfig c = parse("""
                connectors:
                  - name: carrier-a
                    host: smsc.example.net
                    port: 2776
                    system_id: tern
                    password: ${CARRIER_A_PASSWORD}
                    system_type: VMA
                    bind: tx+rx
                    sessions: 3
                    window: 40
                    throughput: 250
                    interface_version: '3.3'
                    enquire_link_interval: 15s
                    response_timeout: 10s
                    source_ton: 5
                    source_npi: 0
                    dest_ton: 1
                    dest_npi: 1
                    submit_id: hex
                    receipt_id: decimal
                    throttle_pause: 2s
                    reconnect: {min: 500ms, max: 30s}
                    address_range: '^4477'
                    bind_ton: 1
                    bind_npi: 1
                """, Map.of("CARRIER_A_PASSWORD", "s3cr3t"));

        ConnectorConfig a = c.connectors().get(0);
        assertThat(a.name()).isEqualTo("carrier-a");
        assertThat(a.host()).isEqualTo("smsc.example.net");
        assertThat(a.port()).isEqualTo(2776);
        assertThat(a.password()).isEqualTo("s3cr3t");
        assertThat(a.systemType()).isEqualTo("VMA");
        assertThat(a.bind()).isEqualTo(ConnectorConfig.BindMode.TX_RX);
        assertThat(a.sessions()).isEqualTo(3);
        assertThat(a.window()).isEqualTo(40);
        assertThat(a.throughput()).isEqualTo(250);
        assertThat(a.interfaceVersion()).isEqualTo(0x33);
        assertThat(a.enquireLinkInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(a.sourceTon()).isEqualTo(5);
        assertThat(a.sourceNpi()).isZero();
        assertThat(a.submitIdFormat()).isEqualTo(ConnectorConfig.IdFormat.HEX);
        assertThat(a.receiptIdFormat()).isEqualTo(ConnectorConfig.IdFormat.DECIMAL);
        assertThat(a.receipts()).isTrue();
        assertThat(a.throttlePause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.reconnectMin()).isEqualTo(Duration.ofMillis(500));
        assertThat(a.bindAddress()).isEqualTo(new ConnectorConfig.BindAddress(1, 1, "^4477"));
        assertThat(a.toString()).doesNotContain("s3cr3t").contains("password=****");
    }

    @Test
    void aBindAddressRangeLongerThanSmppAllowsIsRefusedWithItsKey() {
        assertThatThrownBy(() -> parse("connectors: [{name: a, host: h, system_id: t, password: p, address_range: '"
                + "1".repeat(41) + "'}]", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors[0].address_range")
                .hasMessageContaining("at most 40 printable ASCII characters");
        assertThatThrownBy(() -> parse("connectors: [{name: a, host: h, system_id: t, password: p, bind_ton: 256}]",
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("bind_ton");
    }

    @Test
    void theExampleFilesConnectorSectionLoadsOnceUncommented() throws Exception {
        String example = java.nio.file.Files.readString(Path.of("..", "examples", "tern.yaml"));
        String block = example.substring(example.indexOf("#connectors:"), example.indexOf("#end-connectors"))
                .replaceAll("(?m)^#", "").replace("routes-for-connectors:", "routes:");

        TernConfig c = parse(block, Map.of("CARRIER_A_PASSWORD", "a", "CARRIER_B_PASSWORD", "b"));

        assertThat(c.connectors()).extracting(ConnectorConfig::name).containsExactly("carrier-a", "carrier-b");
        assertThat(c.connectorGroups().get(0).members()).hasSize(2);
        assertThat(new Router(c.routes(), c.accounts()).route("x", "", "33612345678", ""))
                .contains(new RouteTarget.ConnectorGroup("france"));
    }

    @Test
    void defaultsAreOneTransceiverWithReceiptsAndTheMessagesOwnAddresses() {
        ConnectorConfig a = parse("connectors: [{name: a, host: h, system_id: t, password: p}]", Map.of())
                .connectors().get(0);

        assertThat(a.port()).isEqualTo(2775);
        assertThat(a.bind()).isEqualTo(ConnectorConfig.BindMode.TRX);
        assertThat(a.sessions()).isEqualTo(1);
        assertThat(a.window()).isEqualTo(50);
        assertThat(a.throughput()).isZero();
        assertThat(a.interfaceVersion()).isEqualTo(0x34);
        assertThat(a.sourceTon()).isNull();
        assertThat(a.submitIdFormat()).isEqualTo(ConnectorConfig.IdFormat.AS_IS);
        assertThat(a.receipts()).isTrue();
        assertThat(a.bindAddress()).isEqualTo(ConnectorConfig.BindAddress.NONE);
        assertThat(parse("connectors: [{name: a, host: h, system_id: t, password: p, bind: tx}]", Map.of())
                .connectors().get(0).receipts()).as("a transmitter cannot receive them").isFalse();
    }

    @Test
    void routesReachConnectorsAndGroupsAndMatchOnTheSourceAddress() {
        TernConfig c = parse("""
                connectors:
                  - {name: a, host: h, system_id: t, password: p}
                  - {name: b, host: h, system_id: t, password: p}
                connector_groups:
                  - {name: uk, strategy: weighted, members: [{connector: a, weight: 3}, b]}
                  - {name: backup, members: [b, a]}
                routes:
                  - {destination: '44*', source: 'BANK*', target: 'connector:a'}
                  - {destination: '44*', target: 'group:uk'}
                  - {target: 'group:backup'}
                """, Map.of());

        assertThat(c.connectorGroups()).containsExactly(
                new ConnectorGroupConfig("uk", ConnectorGroupConfig.Strategy.WEIGHTED,
                        List.of(new ConnectorGroupConfig.Member("a", 3), new ConnectorGroupConfig.Member("b", 1))),
                new ConnectorGroupConfig("backup", ConnectorGroupConfig.Strategy.FAILOVER,
                        List.of(new ConnectorGroupConfig.Member("b", 1), new ConnectorGroupConfig.Member("a", 1))));
        Router router = new Router(c.routes(), c.accounts());
        assertThat(router.route("x", "BANKA", "447700900001", "")).contains(new RouteTarget.Connector("a"));
        assertThat(router.route("x", "SHOP", "447700900001", "")).contains(new RouteTarget.ConnectorGroup("uk"));
        assertThat(router.route("x", "SHOP", "33612345678", "")).contains(new RouteTarget.ConnectorGroup("backup"));
        assertThat(RouteTarget.parse(new RouteTarget.ConnectorGroup("uk").key()))
                .isEqualTo(new RouteTarget.ConnectorGroup("uk"));
    }

    /**
     * A weight on a failover group's member is read and not used (docs/configuration.md): refusing it
     * would make a configuration already stored in the database stop Tern from starting.
     */
    @Test
    void aWeightInAFailoverGroupIsAcceptedSoThatAStoredConfigurationStillLoads() {
        TernConfig c;
        try (io.tern.smsc.logging.CapturedLog log = io.tern.smsc.logging.CapturedLog.of(ConnectorSection.class)) {
            c = parse("""
                    connectors:
                      - {name: a, host: h, system_id: t, password: p}
                      - {name: b, host: h, system_id: t, password: p}
                    connector_groups:
                      - {name: g, strategy: failover, members: [{connector: a, weight: 3}, b]}
                      - {name: w, strategy: weighted, members: [{connector: a, weight: 3}, b]}
                    """, Map.of());
            assertThat(log.messages()).as("said once, for the failover group only").hasSize(1).first()
                    .asString().contains("connector_groups[0].members[0].weight: weight 3 is not used");
        }
        assertThat(c.connectorGroups().get(0).strategy()).isEqualTo(ConnectorGroupConfig.Strategy.FAILOVER);
        assertThat(c.connectorGroups().get(0).members()).extracting(ConnectorGroupConfig.Member::connector)
                .containsExactly("a", "b");
    }

    @Test
    void aMissingEnvironmentVariableNamesTheKeyAndTheVariableButNoValue() {
        assertThatThrownBy(() -> parse("connectors: [{name: a, host: h, system_id: t, password: '${NOPE}'}]",
                Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("connectors[0].password: environment variable NOPE is not set");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            connectors[0].host               | connectors: [{name: a, system_id: t, password: p}]
            connectors[0].host               | connectors: [{name: a, host: '', system_id: t, password: p}]
            connectors[0].host               | connectors: [{name: a, host: ' ', system_id: t, password: p}]
            connectors[0].name               | connectors: [{name: 'a b', host: h, system_id: t, password: p}]
            connectors[1].name               | connectors: [{name: a, host: h, system_id: t, password: p}, {name: a, host: h, system_id: t, password: p}]
            connectors[0].bind               | connectors: [{name: a, host: h, system_id: t, password: p, bind: rx}]
            connectors[0].receipts           | connectors: [{name: a, host: h, system_id: t, password: p, bind: tx, receipts: true}]
            connectors[0].password           | connectors: [{name: a, host: h, system_id: t, password: toolongpw}]
            connectors[0].system_id          | connectors: [{name: a, host: h, system_id: '', password: p}]
            connectors[0].interface_version  | connectors: [{name: a, host: h, system_id: t, password: p, interface_version: '5.0'}]
            connectors[0].submit_id          | connectors: [{name: a, host: h, system_id: t, password: p, submit_id: octal}]
            connectors[0].window             | connectors: [{name: a, host: h, system_id: t, password: p, window: 0}]
            connectors[0].tls.trust          | connectors: [{name: a, host: h, system_id: t, password: p, tls: {certificate: x}}]
            connectors[0].colour             | connectors: [{name: a, host: h, system_id: t, password: p, colour: red}]
            connectors[0].reconnect.max      | connectors: [{name: a, host: h, system_id: t, password: p, reconnect: {min: 10s, max: 1s}}]
            connector_groups[0].members[0]   | connector_groups: [{name: g, members: [nobody]}]
            connector_groups[0].members      | connector_groups: [{name: g, members: []}]
            connector_groups[0].name         | {connectors: [{name: a, host: h, system_id: t, password: p}], connector_groups: [{name: 'uk carriers', members: [a]}]}
            connector_groups[0].name         | {connectors: [{name: a, host: h, system_id: t, password: p}], connector_groups: [{name: '', members: [a]}]}
            connector_groups[0].strategy     | {connectors: [{name: a, host: h, system_id: t, password: p}], connector_groups: [{name: g, strategy: random, members: [a]}]}
            routes[0].target                 | routes: [{destination: '*', target: 'connector:nobody'}]
            routes[0].target                 | routes: [{destination: '*', target: 'group:nobody'}]
            """)
    void badConnectorSettingsNameTheirKey(String key, String yaml) {
        assertThatThrownBy(() -> parse(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":");
    }
}
