package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

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

    @Test
    void everySubcommandAtEveryDepthPrintsTheVersion() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(40); // admin account api-key create is four deep

        for (List<String> path : paths) {
            output.reset();
            List<String> args = new ArrayList<>(path);
            args.add("--version");

            assertThat(Main.run(args.toArray(new String[0]))).as("%s: %s", path, output.err()).isZero();
            assertThat(output.out().lines().findFirst()).as("%s", path).contains("tern " + PROJECT_VERSION);
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // an alias (dl) is the same command
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, into);
            }
        });
    }
}
