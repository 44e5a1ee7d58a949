package io.tern.smsc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.address.AddressPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandsetNetworkTest {

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A network whose handsets' messages are collected in {@code sent}. */
    HandsetNetwork network(long seed, List<MobileOriginated> sent, SubscriberRange... ranges) {
        HandsetNetwork n = new HandsetNetwork(List.of(ranges), timer, seed);
        n.connect(mo -> {
            synchronized (sent) {
                sent.add(mo);
            }
            return CompletableFuture.completedFuture("id" + sent.size());
        });
        return n;
    }

    static SubscriberRange replying(String numbers, double percent) {
        return new SubscriberRange(AddressPattern.parse(numbers), Behaviour.DELIVER, Duration.ZERO, 0, false, 100,
                0, 0, new Reply("STOP", percent));
    }

    @Test
    void handsetsReplyWithTheConfiguredShareDrawnFromTheSeed() {
        List<MobileOriginated> sent = new ArrayList<>();
        HandsetNetwork n = network(42, sent, replying("4477*", 1));
        int messages = 5_000;
        for (int i = 0; i < messages; i++) {
            assertThat(n.deliver("447700" + (100_000 + i), "5550100").join())
                    .isInstanceOf(HandsetOutcome.Delivered.class);
        }
        // the same seed drawn once per accepted message, as the network draws it
        Random same = new Random(42);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            if (same.nextDouble() * 100 < 1) {
                expected.add("447700" + (100_000 + i));
            }
        }
        assertThat(sent).extracting(MobileOriginated::source).containsExactlyElementsOf(expected);
        assertThat(sent).allSatisfy(mo -> {
            assertThat(mo.destination()).isEqualTo("5550100");
            assertThat(mo.text()).isEqualTo("STOP");
        });
        // about 1 %: 50 expected, well inside 20..80
        assertThat(sent.size()).isBetween(20, 80);
    }

    @Test
    void theSameSeedRepliesToTheSameMessages() {
        List<MobileOriginated> a = new ArrayList<>();
        List<MobileOriginated> b = new ArrayList<>();
        HandsetNetwork first = network(9, a, replying("44*", 30));
        HandsetNetwork second = network(9, b, replying("44*", 30));
        for (int i = 0; i < 200; i++) {
            first.deliver("4400" + i, "1").join();
            second.deliver("4400" + i, "1").join();
        }
        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void aHandsetWithoutReplyNeverAnswers() {
        List<MobileOriginated> sent = new ArrayList<>();
        HandsetNetwork n = network(1, sent, SubscriberRange.delivering("*"));
        for (int i = 0; i < 100; i++) {
            n.deliver("4400" + i, "1").join();
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void makingARangePresentTellsListenersItsPattern() {
        HandsetNetwork n = network(1, new ArrayList<>(), new SubscriberRange(AddressPattern.parse("4478*"),
                Behaviour.ABSENT, Duration.ZERO, 0, false, 0, 0, 0));
        List<String> told = new ArrayList<>();
        n.onPresent(p -> told.add(p.toString()));
        assertThat(n.deliver("447800000001", "1").join()).isInstanceOf(HandsetOutcome.Absent.class);

        n.setPresent("447800*", true);

        assertThat(told).containsExactly("447800*");
        assertThat(n.deliver("447800000001", "1").join()).isInstanceOf(HandsetOutcome.Delivered.class);
        assertThat(n.clearPresence("447800*")).isTrue();
        assertThat(n.isPresent("447800000001")).isFalse();
    }

    @Test
    void aBadPatternIsRefusedWithTheReason() {
        HandsetNetwork n = network(1, new ArrayList<>(), SubscriberRange.delivering("*"));
        assertThatThrownBy(() -> n.setPresent("~[", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> n.setPresent("", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new Reply("STOP", 101)).hasMessageContaining("0..100");
    }
}
