package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeliveryReceiptTest {

    private static final Instant SUBMITTED = Instant.parse("2026-11-25T14:03:00Z");
    private static final Instant DONE = Instant.parse("2026-11-25T14:05:00Z");

    @Test
    void formatsTheAppendixBLayout() {
        DeliveryReceipt r = DeliveryReceipt.of("0123456789", 1, 1, SUBMITTED, DONE, ReceiptStat.DELIVRD, "000",
                "Hello, this is a longer message than twenty characters");
        assertThat(r.format()).isEqualTo("id:0123456789 sub:001 dlvrd:001 submit date:2611251403 "
                + "done date:2611251405 stat:DELIVRD err:000 text:Hello, this is a lon");
    }

    @Test
    void formatsDatesInTheGivenZone() {
        DeliveryReceipt r = DeliveryReceipt.of("7", 1, 0, SUBMITTED, DONE, ReceiptStat.UNDELIV, "001", "");
        assertThat(r.format(ZoneId.of("Europe/Berlin")))
                .contains("submit date:2611251503 done date:2611251505 stat:UNDELIV");
    }

    @Test
    void parsesWhatItFormats() {
        DeliveryReceipt r = DeliveryReceipt.of("abc", 1, 1, SUBMITTED, DONE, ReceiptStat.EXPIRED, "000", "hi");
        assertThat(DeliveryReceipt.parse(r.format())).isEqualTo(r);
    }

    @Test
    void parsingWithoutDatesReadsEverythingElseTheSame() {
        for (String text : new String[] {
            DeliveryReceipt.of("abc", 1, 1, SUBMITTED, DONE, ReceiptStat.UNDELIV, "034", "hi there").format(),
            "id:7 submit_date:2611251403 done_date:2611251405 stat:DELIVRD err:000",
            "stat:EXPIRED id:0x1F text:done date:2611251405",
            "no receipt at all"}) {
            DeliveryReceipt full = DeliveryReceipt.parse(text);
            assertThat(DeliveryReceipt.parseIgnoringDates(text)).as(text).isEqualTo(
                    new DeliveryReceipt(full.id(), full.submitted(), full.delivered(), null, null, full.stat(),
                            full.err(), full.text()));
        }
    }

    @Test
    void parsesTheSpecExample() {
        DeliveryReceipt r = DeliveryReceipt.parse("id:1234567890 sub:001 dlvrd:001 submit date:2611251403 "
                + "done date:2611251405 stat:DELIVRD err:000 text:Hello");
        assertThat(r.id()).isEqualTo("1234567890");
        assertThat(r.submitted()).isEqualTo(1);
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(r.submitDate()).isEqualTo(SUBMITTED);
        assertThat(r.doneDate()).isEqualTo(DONE);
        assertThat(r.statValue()).contains(ReceiptStat.DELIVRD);
        assertThat(r.err()).isEqualTo("000");
        assertThat(r.text()).isEqualTo("Hello");
        assertThat(r.idAsDecimal()).hasValue(1234567890L);
    }

    @Test
    void parsesTwelveDigitDatesWithSecondsAndHexIds() {
        // the shape Kannel-fronted and many aggregator SMSCs send
        DeliveryReceipt r = DeliveryReceipt.parse("id:4A3F0B1C sub:001 dlvrd:000 submit date:261125140301 "
                + "done date:261125140559 stat:UNDELIV err:034 text:");
        assertThat(r.idAsHex()).hasValue(0x4A3F0B1CL);
        assertThat(r.idAsDecimal()).isEmpty();
        assertThat(r.submitDate()).isEqualTo(Instant.parse("2026-11-25T14:03:01Z"));
        assertThat(r.doneDate()).isEqualTo(Instant.parse("2026-11-25T14:05:59Z"));
        assertThat(r.statValue()).contains(ReceiptStat.UNDELIV);
        assertThat(r.text()).isEmpty();
    }

    @Test
    void parsesUpperCaseKeysAndTextWithColonsAndKeywords() {
        DeliveryReceipt r = DeliveryReceipt.parse("ID:5 SUB:1 DLVRD:1 SUBMIT DATE:2611251403 DONE DATE:2611251405 "
                + "STAT:DELIVRD ERR:0 Text:id:99 stat:EXPIRED err:1 -- verbatim");
        assertThat(r.id()).isEqualTo("5");
        assertThat(r.stat()).isEqualTo("DELIVRD");
        assertThat(r.err()).isEqualTo("0");
        assertThat(r.text()).isEqualTo("id:99 stat:EXPIRED err:1 -- verbatim");
    }

    @Test
    void parsesAReceiptWithFieldsMissingOrOutOfOrder() {
        DeliveryReceipt r = DeliveryReceipt.parse("stat:ACCEPTD id:c0ffee err:0");
        assertThat(r.id()).isEqualTo("c0ffee");
        assertThat(r.statValue()).contains(ReceiptStat.ACCEPTD);
        assertThat(r.submitted()).isNull();
        assertThat(r.submitDate()).isNull();
        assertThat(r.text()).isNull();
    }

    @Test
    void parsesUnderscoreDateKeysAndSpelledOutStat() {
        DeliveryReceipt r = DeliveryReceipt.parse("id:77 sub:001 dlvrd:001 submit_date:2611251403 "
                + "done_date:2611251405 stat:DELIVERED err:000 text:ok");
        assertThat(r.submitDate()).isEqualTo(SUBMITTED);
        assertThat(r.doneDate()).isEqualTo(DONE);
        assertThat(r.statValue()).contains(ReceiptStat.DELIVRD);
    }

    @Test
    void readsDatesInTheGivenZone() {
        DeliveryReceipt r = DeliveryReceipt.parse("id:1 submit date:2611251503 done date:2611251505 stat:DELIVRD",
                ZoneId.of("Europe/Berlin"));
        assertThat(r.submitDate()).isEqualTo(SUBMITTED);
    }

    @Test
    void keepsAnUnknownStatAndBadDatesAsAbsentValues() {
        DeliveryReceipt r = DeliveryReceipt.parse("id:1 sub:abc submit date:2613251403 done date:26112514 stat:FOO err:");
        assertThat(r.stat()).isEqualTo("FOO");
        assertThat(r.statValue()).isEmpty();
        assertThat(r.submitted()).isNull();
        assertThat(r.submitDate()).as("month 13").isNull();
        assertThat(r.doneDate()).as("8 digits").isNull();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void ignoresKeyLookalikesInsideValues() {
        DeliveryReceipt r = DeliveryReceipt.parse("id:msgid:7 sub:001 dlvrd:001 stat:DELIVRD");
        assertThat(r.id()).isEqualTo("msgid:7");
    }

    @Test
    void formatsAbsentFieldsEmpty() {
        DeliveryReceipt r = new DeliveryReceipt("9", null, null, null, null, "ENROUTE", null, null);
        assertThat(r.format(ZoneOffset.UTC))
                .isEqualTo("id:9 sub: dlvrd: submit date: done date: stat:ENROUTE err: text:");
    }

    @Test
    void templateLaysOutTheSameFieldsInAnotherOrder() {
        DeliveryReceipt r = DeliveryReceipt.of("12345", 1, 1, Instant.parse("2026-03-04T05:06:00Z"),
                Instant.parse("2026-03-04T05:07:00Z"), ReceiptStat.DELIVRD, "000", "hello");
        assertThat(r.format("{stat} id={id} at {done_date} (sub {sub}/{dlvrd}, {submit_date}) err {err}: {text}",
                ZoneOffset.UTC))
                .isEqualTo("DELIVRD id=12345 at 2603040507 (sub 001/001, 2603040506) err 000: hello");
        assertThat(DeliveryReceipt.parse(r.format("id:{id} stat:{stat} err:{err}", ZoneOffset.UTC)).statValue())
                .contains(ReceiptStat.DELIVRD);
    }

    @Test
    void templateWithAnUnknownOrOpenPlaceholderIsRefused() {
        assertThatThrownBy(() -> DeliveryReceipt.checkTemplate("id:{id} {state}"))
                .hasMessageContaining("unknown field {state}");
        assertThatThrownBy(() -> DeliveryReceipt.checkTemplate("id:{id")).hasMessageContaining("not closed");
    }
}
