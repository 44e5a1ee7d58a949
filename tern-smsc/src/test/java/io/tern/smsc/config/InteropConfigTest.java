package io.tern.smsc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.Address;
import io.tern.smsc.account.Account;
import io.tern.smsc.address.SenderRule;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.delivery.InteropProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The interop_profiles, interop, sender and connector encoding keys (docs/configuration.md). */
class InteropConfigTest {

    private static final String HASH = "$2a$10$GsNLZOSxajXdY1zEha4hH.xcEjQ7A5MtV5YxrO9pKiU0QLUcgTHKi";

    private static TernConfig parse(String yaml) {
        return ConfigLoader.parse(yaml.replace("HASH", "'" + HASH + "'"), Path.of("."));
    }

    @Test
    void documentedExampleHasAProfileAndSenderRules() {
        TernConfig c = ConfigLoader.load(Path.of("..", "examples", "tern.yaml"));

        Account beta = c.accounts().get(1);
        assertThat(beta.interop().name()).isEqualTo("legacy");
        assertThat(beta.interop().receiptTextId()).isEqualTo(InteropProfile.IdFormat.DECIMAL);
        assertThat(beta.interop().encoding().dataCoding0()).isEqualTo(ChannelEncoding.Alphabet0.LATIN1);
        assertThat(SenderRule.applyFirst(beta.senderRules(), new Address(2, 1, "07700900123")).address())
                .isEqualTo(Address.international("447700900123"));
        assertThat(c.accounts().get(0).interop()).isEqualTo(InteropProfile.DEFAULT);
        assertThat(c.routes()).anySatisfy(r -> assertThat(r.senderRules()).isNotEmpty());
    }

    @Test
    void profileInPlaceTakesTheAccountsNameAndReceiptedMessageIdFollowsReceiptId() {
        TernConfig c = parse("""
                accounts:
                  - {system_id: a, password_hash: HASH, interop: {receipt_id: hex, receipt_text: false, tlvs: false}}
                """);

        InteropProfile p = c.accounts().get(0).interop();
        assertThat(p.name()).isEqualTo("a");
        assertThat(p.receiptedMessageId()).isEqualTo(InteropProfile.IdFormat.HEX);
        assertThat(p.receiptText()).isFalse();
        assertThat(p.tlvs()).isFalse();
        assertThat(p.encoding()).isEqualTo(ChannelEncoding.DEFAULT);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("accounts:\n  - {system_id: a, password_hash: HASH, interop: nosuch}\n"))
                .hasMessageStartingWith("accounts[0].interop: no interop profile named 'nosuch'");
        assertThatThrownBy(() -> parse("interop_profiles:\n  - {name: p, receipt_template: 'id:{id} {state}'}\n"))
                .hasMessageStartingWith("interop_profiles[0].receipt_template: unknown field {state}");
        assertThatThrownBy(() -> parse("interop_profiles:\n  - {name: p, data_coding_0: latin1, encoding: gsm7}\n"))
                .hasMessageStartingWith("interop_profiles[0].encoding:");
        assertThatThrownBy(() -> parse("interop_profiles:\n  - {name: p, encoding: ebcdic}\n"))
                .hasMessageStartingWith("interop_profiles[0].encoding: must be one of");
        assertThatThrownBy(() -> parse("accounts:\n  - {system_id: a, password_hash: HASH, sender: {replace: MUCHTOOLONGNAME}}\n"))
                .hasMessageStartingWith("accounts[0].sender: ").hasMessageContaining("longer than 11");
        assertThatThrownBy(() -> parse("routes:\n  - {target: sim, sender: [{add_prefix: '44'}, {ton: 1}]}\n"))
                .hasMessageStartingWith("routes[0].sender[1]: a sender rule needs");
        assertThatThrownBy(() -> parse("connectors:\n  - {name: c, host: h, system_id: s, password: p, encoding: utf8}\n"))
                .hasMessageStartingWith("connectors[0].encoding:");
    }
}
