package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern serve} with an {@code http} key: a bad one stops start-up with one line naming it. */
class ServeHttpTest {

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;

    private Path config(String http) throws Exception {
        return Files.writeString(dir.resolve("tern.yaml"), "listeners:\n  - {host: 127.0.0.1, port: 0}\n"
                + "store:\n  path: data\n" + http);
    }

    @Test
    void aTakenHttpPortIsNamedWithItsHostAndTheSmscIsStoppedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            int code = Main.run("serve", "--config", config("http: {host: 127.0.0.1, port: " + port + "}\n")
                    .toString());

            assertThat(code).isEqualTo(1);
            assertThat(output.err()).doesNotContain("\tat ");
            assertThat(output.err().lines().filter(l -> l.startsWith("tern: ")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("tern: cannot start: cannot start the HTTP listener on"
                            + " 127.0.0.1:" + port + ": ").contains("Address already in use"));
        }
    }

    @Test
    void aBadHttpKeyIsAConfigurationErrorNamingIt() throws Exception {
        int code = Main.run("serve", "--config", config("http: {port: 70000}\n").toString());

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).startsWith("tern: configuration error: http.port: ");
    }
}
