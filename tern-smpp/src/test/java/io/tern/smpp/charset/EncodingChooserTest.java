package io.tern.smpp.charset;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.charset.EncodingChooser.Plan;
import org.junit.jupiter.api.Test;

class EncodingChooserTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void choosesGsm7WhenEveryCharacterIsInTheTables() {
        assertThat(EncodingChooser.choose("Price: 5€ {ok}")).isEqualTo(SmsEncoding.GSM7);
        assertThat(EncodingChooser.choose("Привет")).isEqualTo(SmsEncoding.UCS2);
        assertThat(EncodingChooser.choose("ok " + EMOJI)).isEqualTo(SmsEncoding.UCS2);
    }

    @Test
    void fitsExactly160SeptetsInOneMessage() {
        assertThat(EncodingChooser.plan("a".repeat(160))).isEqualTo(new Plan(SmsEncoding.GSM7, 160, 1));
    }

    @Test
    void needsTwoPartsFor161Septets() {
        assertThat(EncodingChooser.plan("a".repeat(161))).isEqualTo(new Plan(SmsEncoding.GSM7, 161, 2));
    }

    @Test
    void fitsTwice153SeptetsInTwoPartsAndOneMoreNeedsThree() {
        assertThat(EncodingChooser.plan("a".repeat(306)).parts()).isEqualTo(2);
        assertThat(EncodingChooser.plan("a".repeat(307)).parts()).isEqualTo(3);
    }

    @Test
    void countsExtensionCharactersTwiceAgainstTheSingleLimit() {
        assertThat(EncodingChooser.plan("€".repeat(80))).isEqualTo(new Plan(SmsEncoding.GSM7, 160, 1));
        assertThat(EncodingChooser.plan("a" + "€".repeat(80)).parts()).isEqualTo(2);
    }

    @Test
    void neverSplitsAnEscapeSequenceAcrossParts() {
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        int[] bounds = EncodingChooser.segments(text, SmsEncoding.GSM7, 6);
        assertThat(bounds).containsExactly(0, 152, text.length());
        assertThat(Gsm7.septetCount(text.substring(0, 152))).isEqualTo(152);
        assertThat(Gsm7.septetCount(text.substring(152))).isEqualTo(12);
    }

    @Test
    void fitsExactly70Ucs2UnitsInOneMessage() {
        assertThat(EncodingChooser.plan("ж".repeat(70))).isEqualTo(new Plan(SmsEncoding.UCS2, 70, 1));
        assertThat(EncodingChooser.plan("ж".repeat(71))).isEqualTo(new Plan(SmsEncoding.UCS2, 71, 2));
        assertThat(EncodingChooser.plan("ж".repeat(134)).parts()).isEqualTo(2);
        assertThat(EncodingChooser.plan("ж".repeat(135)).parts()).isEqualTo(3);
    }

    @Test
    void neverSplitsASurrogatePairAcrossParts() {
        String text = "ж".repeat(66) + EMOJI + "ж".repeat(10);
        int[] bounds = EncodingChooser.segments(text, SmsEncoding.UCS2, 6);
        assertThat(bounds).containsExactly(0, 66, text.length());
        assertThat(Character.isHighSurrogate(text.charAt(bounds[1]))).isTrue();
    }

    @Test
    void countsAnEmojiAsTwoUcs2Units() {
        assertThat(EncodingChooser.plan(EMOJI.repeat(35))).isEqualTo(new Plan(SmsEncoding.UCS2, 70, 1));
        assertThat(EncodingChooser.plan("a" + EMOJI.repeat(35)).parts()).isEqualTo(2);
    }

    @Test
    void sizesEightBitPartsAt140And134Octets() {
        assertThat(EncodingChooser.plan("x".repeat(140), SmsEncoding.EIGHT_BIT, 6).parts()).isEqualTo(1);
        assertThat(EncodingChooser.segments("x".repeat(141), SmsEncoding.EIGHT_BIT, 6)).containsExactly(0, 134, 141);
    }

    @Test
    void shrinksPartsForASixteenBitReferenceHeader() {
        assertThat(SmsEncoding.GSM7.partLimit(7)).isEqualTo(152);
        assertThat(SmsEncoding.UCS2.partLimit(7)).isEqualTo(66);
        assertThat(SmsEncoding.EIGHT_BIT.partLimit(7)).isEqualTo(133);
    }

    @Test
    void treatsAnEmptyTextAsOneEmptyPart() {
        assertThat(EncodingChooser.plan("")).isEqualTo(new Plan(SmsEncoding.GSM7, 0, 1));
    }
}
