package io.tern.smsc.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.account.BindLockout;
import io.tern.smsc.address.AddressPattern;
import io.tern.smsc.delivery.SchedulerHandoff;
import io.tern.smsc.routing.Route;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two identical submit_sm of an account with a dedupe window, committed in one transaction (the
 * store's writer stalled while both are submitted), each given a place in the scheduler's active
 * set: one message is stored and handed to the scheduler, the other is answered with its id and
 * gives its place back.
 */
class SubmissionDedupeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LEASE = T0.plusSeconds(60);

    @TempDir
    Path dir;
    private SqliteMessageStore store;
    private AccountHandle alice;
    private SubmissionService service;
    private final Lane lane = new Lane();

    /** A scheduler with room for every message, which records what it is told. */
    private static final class Lane implements SchedulerHandoff {
        final List<String> handedOff = new CopyOnWriteArrayList<>();
        final List<String> cancelled = new CopyOnWriteArrayList<>();
        final List<String> woken = new CopyOnWriteArrayList<>();

        @Override
        public void wake(String target) {
            woken.add(target);
        }

        @Override
        public Instant reserve(String target) {
            return LEASE;
        }

        @Override
        public void handOff(StoredMessage message, Instant leaseUntil) {
            handedOff.add(message.id());
        }

        @Override
        public void cancelReservation(String target) {
            cancelled.add(target);
        }
    }

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        store = new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("tern.db"), 1_000, 1_000, 2), clock);
        Account a = new Account("alice", "$2a$04$x", EnumSet.allOf(BindType.class), 2, null, List.of(), List.of(),
                false, null, List.of(), Duration.ofDays(1), Duration.ofDays(2), Duration.ofMinutes(10));
        alice = new AccountService(List.of(a), Runnable::run, System::nanoTime,
                new BindLockout(10, Duration.ofMinutes(5), Duration.ofMinutes(5), clock)).find("alice").orElseThrow();
        Router router = new Router(List.of(new Route(AddressPattern.parse("*"), null, null, new RouteTarget.Sim())),
                List.of(a));
        service = new SubmissionService(store, router, new MessageIds(clock), clock, Map.of(), lane);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void theFirstIsStoredAndHandedToTheSchedulerTheSecondGetsItsIdAndGivesItsPlaceBack() throws Exception {
        SubmitSm sm = SubmitSm.of(Address.international("12345"), Address.international("447700900001"),
                "once".getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<PduResponse> first;
        CompletableFuture<PduResponse> second;
        store.writerGate().lock();
        try {
            first = service.submitSm(alice, sm, MessageIds.Form.SMPP34);
            second = service.submitSm(alice, sm, MessageIds.Form.SMPP34);
        } finally {
            store.writerGate().unlock();
        }

        SubmitSmResp stored = (SubmitSmResp) first.get(10, TimeUnit.SECONDS);
        SubmitSmResp again = (SubmitSmResp) second.get(10, TimeUnit.SECONDS);
        assertThat(stored.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(again.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(again.messageId()).isEqualTo(stored.messageId());
        assertThat(lane.handedOff).containsExactly(stored.messageId());
        assertThat(lane.cancelled).containsExactly("sim");
        assertThat(lane.woken).isEmpty();
        assertThat(store.countByState().join().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        assertThat(store.find(stored.messageId()).join()).isPresent();
    }
}
