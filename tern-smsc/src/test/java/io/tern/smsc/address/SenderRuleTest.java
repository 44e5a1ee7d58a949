package io.tern.smsc.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenderRuleTest {

    private static final Address SUBMITTED = Address.international("447700900123");

    @Test
    void forcedAlphanumericSenderIsTon5Npi0AndTheHistoryLineSaysWhatWasSubmitted() {
        SenderRule.Rewrite w = new SenderRule("account acme", null, "ACME", null, null, null, null).apply(SUBMITTED);

        assertThat(w.address()).isEqualTo(new Address(5, 0, "ACME"));
        assertThat(w.description()).isEqualTo("account acme: replace with 'ACME' -> 5.0.ACME (submitted 1.1.447700900123)");
    }

    @Test
    void prefixRulesRewriteNationalNumbersToInternationalOnesAndLeaveOthersAlone() {
        SenderRule national = new SenderRule("route 0", null, null, "0", "44", null, null);
        Address local = new Address(2, 1, "07700900123");

        assertThat(national.apply(local).address()).isEqualTo(new Address(1, 1, "447700900123"));
        assertThat(national.apply(SUBMITTED)).as("does not start with the prefix").isNull();
        assertThat(new SenderRule("r", null, null, "+", null, null, null).apply(new Address(1, 1, "+4477")).address())
                .isEqualTo(new Address(1, 1, "4477"));
        assertThat(new SenderRule("r", null, null, null, "99", 3, 0).apply(SUBMITTED).address())
                .as("an explicit TON/NPI wins").isEqualTo(new Address(3, 0, "99447700900123"));
    }

    @Test
    void whenLimitsARuleAndTheFirstRuleThatAppliesWins() {
        List<SenderRule> rules = List.of(
                new SenderRule("shortcodes", AddressPattern.parse("1234*"), "INFO", null, null, null, null),
                new SenderRule("rest", null, "ACME", null, null, null, null));

        assertThat(SenderRule.applyFirst(rules, new Address(0, 0, "12345")).address().address()).isEqualTo("INFO");
        assertThat(SenderRule.applyFirst(rules, SUBMITTED).address().address()).isEqualTo("ACME");
        assertThat(SenderRule.applyFirst(List.of(), SUBMITTED)).isNull();
    }

    @Test
    void accountRuleThenRouteRuleAreRecordedTogether() {
        SenderRule.Rewrite account = new SenderRule("account a", null, null, "0", "44", null, null)
                .apply(new Address(2, 1, "07700"));
        SenderRule.Rewrite route = new SenderRule("route 1", null, null, null, "00", null, null).apply(account.address());

        SenderRule.Rewrite both = SenderRule.Rewrite.then(account, route);

        assertThat(both.address().address()).isEqualTo("00447700");
        assertThat(both.description()).startsWith("account a: ").contains("; route 1: ");
    }

    @Test
    void tooLongAResultIsRefused() {
        assertThatThrownBy(() -> new SenderRule("r", null, "TWELVECHARSX", null, null, null, null))
                .hasMessageContaining("longer than 11 characters");
        SenderRule prefix = new SenderRule("r", null, null, null, "123456789", null, null);
        assertThatThrownBy(() -> prefix.apply(SUBMITTED)).hasMessageContaining("longer than 20 characters");
        assertThatThrownBy(() -> new SenderRule("r", null, "X", "0", null, null, null))
                .hasMessageContaining("cannot be combined");
    }
}
