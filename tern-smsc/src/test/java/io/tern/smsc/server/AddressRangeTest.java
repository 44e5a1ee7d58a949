package io.tern.smsc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AddressRangeTest {

    @Test
    void emptyBlankNullAndAStarServeEveryAddress() {
        for (String any : new String[] {null, "", "  ", "*", " * "}) {
            AddressRange r = AddressRange.parse(any);
            assertThat(r.any()).as(String.valueOf(any)).isTrue();
            assertThat(r.matches("447700900123")).isTrue();
            assertThat(r.matches("")).isTrue();
        }
    }

    @Test
    void anExpressionMatchesPartOfTheAddressAsGrepDoesUnlessAnchored() {
        AddressRange prefix = AddressRange.parse("^5551");
        assertThat(prefix.any()).isFalse();
        assertThat(prefix.matches("5551234")).isTrue();
        assertThat(prefix.matches("4455512")).isFalse();

        AddressRange exact = AddressRange.parse("^5551234$");
        assertThat(exact.matches("5551234")).isTrue();
        assertThat(exact.matches("55512345")).isFalse();

        AddressRange anywhere = AddressRange.parse("5551");
        assertThat(anywhere.matches("4455512")).isTrue();
        assertThat(anywhere.matches("4455612")).isFalse();

        AddressRange set = AddressRange.parse("^44(77|78)[0-9]{8}$");
        assertThat(set.matches("447812345678")).isTrue();
        assertThat(set.matches("447912345678")).isFalse();
        assertThat(set.toString()).isEqualTo("^44(77|78)[0-9]{8}$");
    }

    @Test
    void whatIsNotARegularExpressionIsRefusedWithTheFault() {
        assertThatThrownBy(() -> AddressRange.parse("5551["))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address_range '5551[' is not a regular expression");
        assertThatThrownBy(() -> AddressRange.parse("+44*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at index 0");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // unbounded, this match would run for hours
    void aMatchThatBacktracksWithoutEndStopsAsNoMatch() {
        // nested quantifiers: exponential backtracking on a long run of 1s that cannot match
        AddressRange evil = AddressRange.parse("^(1+)+2$");
        String address = "1".repeat(40) + "3";

        assertThat(evil.matches(address)).isFalse();
        // the same expression still matches what it should, within its budget
        assertThat(evil.matches("1112")).isTrue();
    }
}
