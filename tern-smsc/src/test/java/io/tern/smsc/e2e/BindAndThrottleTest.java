package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.SmppAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jsmpp.bean.BindType;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account checks at bind time and the throughput limit at submit time. */
class BindAndThrottleTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: slow, password_hash: HASH, throughput: {rate: 1, burst: 5}}
                  - {system_id: faraway, password_hash: HASH, allowed_ips: ['10.0.0.0/8']}
                  - {system_id: single, password_hash: HASH, max_binds: 1}
                  - {system_id: sender, password_hash: HASH, bind_types: [tx]}
                  - {system_id: secure, password_hash: HASH, require_tls: true}
                routes:
                  - {destination: '*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private int bind(String systemId, String password, BindType type) {
        return Esme.bindStatus(tern.port(), systemId, password, type);
    }

    @Test
    void wrongPasswordIsRefusedWithInvalidPassword() {
        assertThat(bind("alice", "wrong", BindType.BIND_TRX)).isEqualTo(SmppAssertions.ESME_RINVPASWD);
    }

    @Test
    void unknownSystemIdIsRefusedLikeAWrongPasswordSoThatAccountsCannotBeEnumerated() {
        assertThat(bind("mallory", TestSmsc.PASSWORD, BindType.BIND_TRX)).isEqualTo(SmppAssertions.ESME_RINVPASWD);
    }

    @Test
    void bindFromOutsideTheAllowedIpRangesIsRefusedLikeAWrongPassword() {
        assertThat(bind("faraway", TestSmsc.PASSWORD, BindType.BIND_TRX)).isEqualTo(SmppAssertions.ESME_RINVPASWD);
    }

    @Test
    void bindBeyondMaxBindsIsRefusedAndTheSlotIsFreedByUnbind() throws Exception {
        Esme first = Esme.bind(tern.port(), "single", TestSmsc.PASSWORD, BindType.BIND_TRX);

        assertThat(bind("single", TestSmsc.PASSWORD, BindType.BIND_TRX)).isEqualTo(SmppAssertions.ESME_RBINDFAIL);

        first.close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> bind("single", TestSmsc.PASSWORD, BindType.BIND_TRX) == 0);
    }

    @Test
    void bindTypeTheAccountMayNotUseIsRefused() throws Exception {
        assertThat(bind("sender", TestSmsc.PASSWORD, BindType.BIND_RX)).isEqualTo(SmppAssertions.ESME_RBINDFAIL);
        assertThat(bind("sender", TestSmsc.PASSWORD, BindType.BIND_TX)).isZero();
    }

    @Test
    void accountThatRequiresTlsCannotBindInPlainText() {
        assertThat(bind("secure", TestSmsc.PASSWORD, BindType.BIND_TRX)).isEqualTo(SmppAssertions.ESME_RBINDFAIL);
    }

    @Test
    void submitsBeyondTheBurstAreThrottled() throws Exception {
        Esme slow = tern.bind("slow", BindType.BIND_TX);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String dest = "4477009000" + i;
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        slow.submit("12345", dest, "burst", 0);
                        return 0;
                    } catch (NegativeResponseException e) {
                        return e.getCommandStatus();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<Integer> statuses = results.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).containsExactlyInAnyOrder(0, 0, 0, 0, 0, SmppAssertions.ESME_RTHROTTLED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(statusOf(() -> slow.submit("12345", "447700900099", "still too fast", 0)))
                .isEqualTo(SmppAssertions.ESME_RTHROTTLED);
    }
}
