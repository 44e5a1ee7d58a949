package io.tern.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The crash experiment at a larger scale than {@link CrashTest}; not run by the build. Prints the
 * figures and exits 1 if an acknowledged message was lost, never delivered, or (with receipts,
 * the default) never got its receipt.
 *
 * <pre>
 * ./mvnw -q -pl tern-interop -am -DskipTests package dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-interop/target/test-classes:tern-interop/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.interop.CrashBench [cycles] [minAcks] [maxAcks] [window] [seed] [receipts]
 * </pre>
 */
public final class CrashBench {

    private CrashBench() {
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int minAcks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int maxAcks = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : System.currentTimeMillis();
        boolean receipts = args.length <= 5 || Boolean.parseBoolean(args[5]);
        Path work = Files.createTempDirectory("tern-crash-bench");
        CrashHarness.Result r = new CrashHarness(
                new CrashHarness.Params(seed, cycles, minAcks, maxAcks, window, Duration.ofMinutes(5), receipts), work,
                System.out).run();
        System.out.println("crash-bench: " + r.line());
        System.exit(r.lost() == 0 && r.delivered() == r.acknowledged() && r.receiptsMissing() == 0
                && r.idReuse() == 0 ? 0 : 1);
    }
}
