package io.tern.smsc.account;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smsc.account.AccountService.BindDecision;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, password guessing: what a bind tells a client that does not know the password, the
 * lockout per system_id and address, and no bcrypt for a client that has left.
 */
class AccountServiceTest {

    private static final String PASSWORD = "secret";
    /** The cost of {@code tern passwd}: a check takes tens of milliseconds, as in production. */
    private static final String HASH = BCrypt.withDefaults().hashToString(10, PASSWORD.toCharArray());
    private static final InetAddress HERE = address("10.1.1.1");
    private static final InetAddress THERE = address("10.2.2.2");

    private final TestClock clock = new TestClock();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Account account(String systemId, List<CidrRange> allowedIps, boolean requireTls) {
        return new Account(systemId, HASH, EnumSet.allOf(BindType.class), 8, null, List.of(), allowedIps, requireTls,
                null, List.of(), Duration.ofHours(48), Duration.ofDays(7), Duration.ZERO);
    }

    private AccountService service(int failures) {
        return new AccountService(List.of(account("alice", List.of(), false),
                account("office", List.of(CidrRange.parse("10.1.0.0/16")), false),
                account("secure", List.of(), true)), worker, System::nanoTime,
                new BindLockout(failures, Duration.ofMinutes(5), Duration.ofMinutes(5), clock));
    }

    private static BindDecision bind(AccountService s, String systemId, String password, InetAddress from) {
        return s.authenticate(systemId, password, BindType.TRANSCEIVER, from, false, null, () -> true).join();
    }

    @Test
    void anUnknownSystemIdIsAnsweredLikeAWrongPasswordAndTakesAsLong() {
        AccountService s = service(1000);
        long[] unknown = new long[5];
        long[] wrong = new long[5];
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertThat(bind(s, "mallory", PASSWORD, HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
            long t1 = System.nanoTime();
            assertThat(bind(s, "alice", "wrong", HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
            long t2 = System.nanoTime();
            unknown[i] = t1 - t0;
            wrong[i] = t2 - t1;
        }
        Arrays.sort(unknown);
        Arrays.sort(wrong);
        assertThat((double) unknown[2]).as("median of the unknown system_id against the wrong password's, ns")
                .isGreaterThan(0.3 * wrong[2]);
    }

    @Test
    void aBindFromOutsideAllowedIpsIsAnsweredLikeAWrongPasswordEvenWithTheRightOne() {
        AccountService s = service(1000);

        assertThat(bind(s, "office", PASSWORD, THERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        assertThat(bind(s, "office", PASSWORD, HERE).status()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(bind(s, "office", PASSWORD, THERE).status()).as("also once the password is known good")
                .isEqualTo(CommandStatus.ESME_RINVPASWD);
    }

    @Test
    void theAccountsOtherConditionsAreRevealedOnlyWithTheRightPassword() {
        AccountService s = service(1000);

        assertThat(bind(s, "secure", "wrong", HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        assertThat(bind(s, "secure", PASSWORD, HERE).status()).isEqualTo(CommandStatus.ESME_RBINDFAIL);
    }

    @Test
    void afterTheFailuresOfAWindowTheRightPasswordIsRefusedFromThatAddressOnlyUntilTheLockoutEnds() {
        AccountService s = service(3);
        for (int i = 0; i < 3; i++) {
            assertThat(bind(s, "alice", "guess" + i, HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        }

        BindDecision locked = bind(s, "alice", PASSWORD, HERE);
        assertThat(locked.status()).isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(locked.lockedOut()).isTrue();
        assertThat(bind(s, "alice", PASSWORD, THERE).status()).as("the ESME elsewhere binds")
                .isEqualTo(CommandStatus.ESME_ROK);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(bind(s, "alice", PASSWORD, HERE).lockedOut()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bind(s, "alice", PASSWORD, HERE).status()).isEqualTo(CommandStatus.ESME_ROK);
    }

    @Test
    void unknownSystemIdsAreLockedOutAlikeSoTheLockoutTellsNothing() {
        AccountService s = service(2);
        bind(s, "mallory", "a", HERE);
        bind(s, "mallory", "b", HERE);

        assertThat(bind(s, "mallory", "c", HERE).lockedOut()).isTrue();
    }

    @Test
    void noBcryptForAClientThatLeftWhileItsBindWaited() {
        AccountService s = service(3);

        long t0 = System.nanoTime();
        BindDecision d = s.authenticate("alice", PASSWORD, BindType.TRANSCEIVER, HERE, false, null, () -> false)
                .join();
        long took = System.nanoTime() - t0;
        assertThat(d.status()).isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(d.reason()).isEqualTo("the client left before its password was checked");
        assertThat(d.account()).isNull();
        assertThat(bind(s, "alice", PASSWORD, HERE).status()).as("nor does it count as a failure")
                .isEqualTo(CommandStatus.ESME_ROK);
        assertThat(took).as("ns without bcrypt").isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    /** A clock that moves only when told. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void oneAddressGetsABurstOfPasswordChecksThenOneASecondWhateverSystemIdItTries() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        AccountService s = new AccountService(List.of(account("alice", List.of(), false)), worker, nanos::get,
                new BindLockout(1000, Duration.ofMinutes(5), Duration.ofMinutes(5), clock),
                new AccountService.CheckRate(1.0, 3));
        // an ESME binds and its password is verified once: later binds need no check
        assertThat(bind(s, "alice", PASSWORD, HERE).accepted()).isTrue();

        assertThat(bind(s, "bob", "guess1", HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        assertThat(bind(s, "carol", "guess2", HERE).status()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        BindDecision refused = bind(s, "dave", "guess3", HERE);
        assertThat(refused.status()).as("the burst of 3 is spent").isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(refused.reason()).contains("too many password checks");

        assertThat(bind(s, "alice", PASSWORD, HERE).accepted()).as("verified before: no check needed").isTrue();
        assertThat(bind(s, "erin", "guess4", THERE).status()).as("another address has its own budget")
                .isEqualTo(CommandStatus.ESME_RINVPASWD);
        nanos.addAndGet(1_000_000_000L);
        assertThat(bind(s, "frank", "guess5", HERE).status()).as("a second later, one more")
                .isEqualTo(CommandStatus.ESME_RINVPASWD);
        assertThat(bind(s, "grace", "guess6", HERE).status()).isEqualTo(CommandStatus.ESME_RBINDFAIL);
    }
}
