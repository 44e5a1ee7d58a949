package io.tern.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tern bench}: placeholder until the load generator lands. */
@Command(name = "bench", description = "SMPP load generator (not yet).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tern bench: not yet");
        return 2;
    }
}
