package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;

/** bind_transceiver_resp (SMPP 3.4 §4.1); sc_interface_version travels as a TLV. */
public record BindTransceiverResp(int sequenceNumber, CommandStatus commandStatus, String systemId, Tlvs tlvs)
        implements BindResp {

    public BindTransceiverResp {
        BindResp.validate(commandStatus, systemId, tlvs);
    }

    @Override
    public CommandId commandId() {
        return CommandId.BIND_TRANSCEIVER_RESP;
    }
}
