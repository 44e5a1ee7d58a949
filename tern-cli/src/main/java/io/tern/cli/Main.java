package io.tern.cli;

import io.tern.cli.admin.AdminCommand;
import io.tern.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tern} command. */
@Command(name = "tern", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tern: an open-source SMSC (SMPP 3.3 / 3.4).",
        subcommands = {ServeCommand.class, StatusCommand.class, PasswdCommand.class, BenchCommand.class,
                ApikeyCommand.class, SendCommand.class, ExportCommand.class,
                AdminCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree, every command in it answering --help and --version (docs/operations.md, "Running"). */
    static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Main());
        withHelpAndVersion(root);
        return root;
    }

    private static void withHelpAndVersion(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("--version") == null) {
            spec.mixinStandardHelpOptions(true);
        }
        spec.versionProvider(new VersionProvider());
        command.getSubcommands().values().forEach(Main::withHelpAndVersion);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
