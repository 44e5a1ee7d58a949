package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that gives up while its password is being checked must not keep a bind slot. */
class AbandonedBindTest {

    @TempDir
    Path dir;

    @Test
    void clientThatHangsUpDuringAuthenticationDoesNotKeepItsBindSlot() throws Exception {
        // a slow hash so that the hang-up surely comes before the verdict
        String slowHash = BCrypt.withDefaults().hashToString(12, TestSmsc.PASSWORD.toCharArray());
        try (TestSmsc tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: single, password_hash: '%s', max_binds: 1}
                routes:
                  - {destination: '*', target: sim}
                """.formatted(slowHash))) {
            try (Socket s = new Socket("127.0.0.1", tern.port())) {
                OutputStream out = s.getOutputStream();
                out.write(RawSmpp.bindTransceiver("single", TestSmsc.PASSWORD, 1));
                out.flush();
            }

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(
                    () -> Esme.bindStatus(tern.port(), "single", TestSmsc.PASSWORD, BindType.BIND_TRX) == 0);
        }
    }
}
