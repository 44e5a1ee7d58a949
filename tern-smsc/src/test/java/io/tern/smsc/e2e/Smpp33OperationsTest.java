package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.jsmpp.GenericNackResponseException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an ESME bound with interface_version 0x33 meets over a real session: no TLVs in what it is
 * sent (its receipts, DELETED ones too, say everything in their text) and no data_sm, which SMPP
 * 3.3 does not define (docs/protocol.md).
 */
class Smpp33OperationsTest {

    static final String SRC = "447700900100";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme old;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '4478*', behaviour: absent}
                  - {numbers: '44*', behaviour: deliver}
                """);
        old = Esme.bind(tern.port(), "alice", TestSmsc.PASSWORD, BindType.BIND_TRX, 3, InterfaceVersion.IF_33);
    }

    @AfterEach
    void stop() {
        old.close();
        tern.close();
    }

    @Test
    void receiptsToASmpp33EsmeCarryNoTlvsDeliveredOrDeleted() throws Exception {
        String delivered = old.submit(SRC, "447700900001", "hello", 1);
        DeliverSm first = old.nextReceipt();
        assertThat(Esme.receipt(first).getId()).isEqualTo(delivered);
        assertThat(Esme.receipt(first).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        assertThat(first.getOptionalParameters()).as("delivered receipt's TLVs").isNullOrEmpty();

        String pending = old.submit(SRC, "447800900001", "to an absent handset", 2);
        tern.awaitFirstAttempt(pending);
        old.session.cancelShortMessage("", pending, INTL, ISDN, SRC, INTL, ISDN, "447800900001");
        DeliverSm deleted = old.nextReceipt();
        assertThat(Esme.receipt(deleted).getId()).isEqualTo(pending);
        assertThat(Esme.receipt(deleted).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELETED);
        assertThat(deleted.getOptionalParameters()).as("DELETED receipt's TLVs").isNullOrEmpty();
    }

    @Test
    void dataSmFromASmpp33EsmeIsRefusedAndTheSessionGoesOn() throws Exception {
        Throwable refused = catchThrowable(() -> old.session.dataShortMessage("", INTL, ISDN, SRC, INTL, ISDN,
                "447700900001", new ESMClass(), new RegisteredDelivery(0), DataCodings.ZERO,
                new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "not in 3.3")));

        assertThat(refused).as("generic_nack").isInstanceOf(GenericNackResponseException.class);
        assertThat(((GenericNackResponseException) refused).getCommandStatus()).as("ESME_RINVCMDID").isEqualTo(0x03);
        assertThat(old.submit(SRC, "447700900001", "still bound", 0)).matches("[0-9a-f]{8}");
    }
}
