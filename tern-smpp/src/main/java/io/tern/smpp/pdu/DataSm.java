package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/**
 * data_sm (SMPP 3.4 §4.7.1): the interactive alternative to submit_sm and deliver_sm, with the
 * content in the message_payload TLV. Addresses may be up to 64 characters.
 */
public record DataSm(int sequenceNumber, String serviceType, Address sourceAddr, Address destinationAddr,
        int esmClass, int registeredDelivery, int dataCoding, Tlvs tlvs) implements PduRequest {

    public DataSm {
        Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        Limits.checkAddress(sourceAddr, Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Limits.checkAddress(destinationAddr, Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "destination_addr");
        Limits.checkUnsignedByte(esmClass, CommandStatus.ESME_RINVESMCLASS, "esm_class");
        Limits.checkUnsignedByte(registeredDelivery, CommandStatus.ESME_RINVREGDLVFLG, "registered_delivery");
        Limits.checkUnsignedByte(dataCoding, CommandStatus.ESME_RINVDCS, "data_coding");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.DATA_SM;
    }

    @Override
    public DataSm withSequenceNumber(int sequenceNumber) {
        return new DataSm(sequenceNumber, serviceType, sourceAddr, destinationAddr, esmClass, registeredDelivery,
                dataCoding, tlvs);
    }
}
