package io.tern.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file changed by several processes at once (`tern apikey` beside a server's admin API): no change lost. */
class ApiKeysTest {

    @TempDir
    Path dir;

    /** A process of its own that adds {@code args[1]} keys to the key file of {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            ApiKeys.create(Path.of(args[0]), "acme", "child " + i, Instant.now());
        }
    }

    @Test
    void keysAddedByTwoProcessesAndThreadsAtOnceAreAllKept() throws Exception {
        int each = 60;
        List<Process> children = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), ApiKeysTest.class.getName(), dir.toString(),
                    Integer.toString(each)).inheritIO().start());
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        ApiKeys.create(dir, "acme", "thread " + i, Instant.now());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        for (Process p : children) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        List<io.tern.smsc.config.TernConfig.ApiKey> keys = ApiKeys.list(dir);
        assertThat(keys).hasSize(4 * each);
        String revoked = keys.get(7).id();
        assertThat(ApiKeys.revoke(dir, revoked)).isTrue();
        assertThat(ApiKeys.list(dir)).hasSize(4 * each - 1).noneMatch(k -> k.id().equals(revoked));
    }
}
