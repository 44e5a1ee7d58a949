package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration stops start-up with a message that names the key and the problem. */
class ConfigErrorsTest {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuuFuNx0QvUVqAGN5zv2AH4zNfHhL7n3Ai";

    private static ConfigException error(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml.replace("HASH", "'" + HASH + "'"), Path.of(".")));
        assertThat(e).as("a ConfigException for%n%s", yaml).isNotNull();
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accounts[0].throughput.rate      | accounts: [{system_id: a, password_hash: HASH, throughput: {rate: -5}}]
            accounts[0].throughput.rate      | accounts: [{system_id: a, password_hash: HASH, throughput: {burst: 5}}]
            accounts[0].colour               | accounts: [{system_id: a, password_hash: HASH, colour: red}]
            accounts[0].password_hash        | accounts: [{system_id: a, password_hash: secret}]
            accounts[1].system_id            | accounts: [{system_id: a, password_hash: HASH}, {system_id: a, password_hash: HASH}]
            accounts[0].allowed_ips[0]       | accounts: [{system_id: a, password_hash: HASH, allowed_ips: ['10.0.0.0/33']}]
            accounts[0].bind_types[0]        | accounts: [{system_id: a, password_hash: HASH, bind_types: [sideways]}]
            listeners[0].port                | listeners: [{host: 127.0.0.1, port: 70000}]
            delivery.retry.initial           | delivery: {retry: {initial: 5 parsecs}}
            delivery.scan_interval           | delivery: {scan_interval: 0s}
            routes[0].target                 | routes: [{destination: '*', target: 'esme:nobody'}]
            routes[0].target                 | routes: [{destination: '*', target: 'carrier-pigeon'}]
            routes[0].account                | routes: [{destination: '*', account: nobody, target: sim}]
            handsets[0].mix                  | handsets: [{numbers: '44*', behaviour: mix}]
            distribution_lists[0].members    | distribution_lists: [{name: team, members: []}]
            distribution_lists[0].members[1] | distribution_lists: [{name: team, members: ['447700900001', '+44 7700']}]
            distribution_lists[1].name       | distribution_lists: [{name: team, members: ['4477']}, {name: team, members: ['4478']}]
            smpp.window                      | smpp: {window: 0}
            storage                          | storage: {path: x}
            """)
    void badValueIsReportedWithItsKey(String key, String yaml) {
        ConfigException e = error(yaml);

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ");
    }

    @org.junit.jupiter.api.Test
    void notYamlAtAllIsReportedWithItsLine() {
        assertThat(error("accounts: [\n  {system_id: a\n").getMessage()).contains("not valid YAML");
    }

    @org.junit.jupiter.api.Test
    void aFileThatIsNotYamlIsNamedWithTheLineAndColumnOnOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tern.yaml"), "listeners:\n  - port: 0\n   host: x\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.key()).isEqualTo(file.toString());
        assertThat(e.getMessage()).doesNotContain("\n").isEqualTo(file + ": not valid YAML at line 3, column 4:"
                + " expected <block end>, but found '<block mapping start>' (while parsing a block collection at line 2,"
                + " column 3)");
    }

    @org.junit.jupiter.api.Test
    void aMissingFileIsNamedWithTheReason(@TempDir Path dir) {
        Path file = dir.resolve("missing.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.getMessage()).isEqualTo(file + ": cannot read: no such file or directory");
    }
}
