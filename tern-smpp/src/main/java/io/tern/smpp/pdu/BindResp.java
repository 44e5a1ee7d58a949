package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** The three bind responses share one body: the SMSC's system_id and optional TLVs (§4.1.2). */
public sealed interface BindResp extends PduResponse permits BindTransmitterResp, BindReceiverResp, BindTransceiverResp {

    String systemId();

    Tlvs tlvs();

    static BindResp of(BindType type, int sequenceNumber, CommandStatus status, String systemId, Tlvs tlvs) {
        return switch (type) {
            case TRANSMITTER -> new BindTransmitterResp(sequenceNumber, status, systemId, tlvs);
            case RECEIVER -> new BindReceiverResp(sequenceNumber, status, systemId, tlvs);
            case TRANSCEIVER -> new BindTransceiverResp(sequenceNumber, status, systemId, tlvs);
        };
    }

    static void validate(CommandStatus status, String systemId, Tlvs tlvs) {
        Objects.requireNonNull(status, "command_status");
        Limits.checkCString(systemId, Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        Objects.requireNonNull(tlvs, "tlvs");
    }
}
