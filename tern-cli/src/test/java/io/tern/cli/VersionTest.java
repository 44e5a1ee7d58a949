package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --version} on the top command and every subcommand prints the version the build wrote. */
class VersionTest {

    /** The project version, handed over by the build (tern-cli/pom.xml, surefire). */
    private static final String PROJECT_VERSION = System.getProperty("tern.project.version");

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @Test
    void theBuildHandsTheProjectVersionToTheTests() {
        assertThat(PROJECT_VERSION).isNotBlank().doesNotContain("${");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "passwd", "bench"})
    void everyCommandPrintsTernsVersionAndExitsZero(String subcommand) {
        String[] args = subcommand.isEmpty() ? new String[] {"--version"} : new String[] {subcommand, "--version"};

        assertThat(Main.run(args)).isZero();

        assertThat(output.out().lines().findFirst()).contains("tern " + PROJECT_VERSION);
        assertThat(output.out()).contains("Java " + System.getProperty("java.version"));
    }
}
