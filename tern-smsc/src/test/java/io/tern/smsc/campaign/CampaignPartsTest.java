package io.tern.smsc.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The small parts of campaigns: CSV reading, numbers, send windows, the number set, the refusing store. */
class CampaignPartsTest {

    static List<String> records(String csv) throws Exception {
        CsvReader in = new CsvReader(new StringReader(csv), 100);
        List<String> out = new ArrayList<>();
        String[] r;
        while ((r = in.next()) != null) {
            out.add(in.line() + ":" + String.join("|", r));
        }
        return out;
    }

    @Test
    void csvRecordsKeepQuotedCommasQuotesAndLineBreaksAndTheirStartingLine() throws Exception {
        assertThat(records("to,name\r\n+44,\"Smith, Bob\"\n\n1,\"say \"\"hi\"\"\"\n2,\"two\nlines\"\n3,last"))
                .containsExactly("1:to|name", "2:+44|Smith, Bob", "4:1|say \"hi\"", "5:2|two\nlines", "7:3|last");
        assertThat(CsvReader.format(new String[] {"a", "b,c", "d\"e"})).isEqualTo("a,\"b,c\",\"d\"\"e\"");
    }

    @Test
    void csvRefusesARecordLongerThanItsLimitAndAnUnclosedQuote() {
        assertThatThrownBy(() -> records("to\n" + "9".repeat(200) + "\n")).hasMessage(
                "CSV line 2 is longer than 100 characters");
        assertThatThrownBy(() -> records("to\n\"open")).hasMessage("CSV line 2: a quoted field is never closed");
    }

    @Test
    void numbersAreNormalisedToE164DigitsOrRefused() {
        assertThat(Recipients.normalise("+44 7410 000001", null)).isEqualTo("447410000001");
        assertThat(Recipients.normalise("+447410000001", null)).isEqualTo("447410000001");
        assertThat(Recipients.normalise("447410000001", null)).isEqualTo("447410000001");
        assertThat(Recipients.normalise("07410 000001", "GB")).isEqualTo("447410000001");
        assertThat(Recipients.normalise("+390612345678", null)).as("Italian leading zero").isEqualTo("390612345678");
        assertThat(Recipients.normalise("+447700900001", null)).as("a range no operator has").isNull();
        assertThat(Recipients.normalise("12", null)).isNull();
        assertThat(Recipients.normalise("hello", "GB")).isNull();
        assertThat(Recipients.zones("819012345678")).containsExactly(ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void aWindowOverMidnightAndItsNextOpening() {
        SendWindow night = SendWindow.parse("22:00-06:00");
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
        SendWindow day = SendWindow.parse("09:00-20:00");
        List<ZoneId> tokyo = List.of(ZoneId.of("Asia/Tokyo"));
        Instant lateInTokyo = Instant.parse("2026-01-15T12:00:00Z"); // 21:00 in Tokyo
        assertThat(day.allows(lateInTokyo, tokyo)).isFalse();
        assertThat(day.nextOpen(lateInTokyo, tokyo)).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
        assertThat(day.allows(Instant.parse("2026-01-16T00:00:00Z"), tokyo)).isTrue();
    }

    @Test
    void theNumberSetFindsEveryRepeatAcrossGrowth() {
        NumberSet set = new NumberSet();
        for (long n = 447_400_000_000L; n < 447_400_100_000L; n++) {
            assertThat(set.add(n)).isTrue();
        }
        assertThat(set.add(447_400_000_000L)).isFalse();
        assertThat(set.add(447_400_099_999L)).isFalse();
        assertThat(set.size()).isEqualTo(100_000);
    }

    @Test
    void aStoreThatKeepsNoCampaignsRefusesThemSayingWhy() {
        CampaignStore store = new UnsupportedCampaignStore("mystore");

        assertThatThrownBy(() -> store.create("alice", CampaignSpec.of("1", "Hi"), Instant.EPOCH).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(CampaignException.class)
                .hasMessage("campaigns need a store that keeps them (store.type: sqlite or postgresql); this Tern"
                        + " runs store.type mystore, which does not keep campaigns");
        assertThat(store.active().join()).isEmpty();
        assertThat(store.discardIncomplete().join()).isZero();
    }
}
