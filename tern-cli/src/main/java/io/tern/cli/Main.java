package io.tern.cli;

import io.tern.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tern} command. */
@Command(name = "tern", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tern: an open-source SMSC (SMPP 3.3 / 3.4).",
        subcommands = {ServeCommand.class, StatusCommand.class, PasswdCommand.class, BenchCommand.class,
                ApikeyCommand.class, SendCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
