package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;

/**
 * submit_sm (SMPP 3.4 §4.4.1): an ESME submits a short message to the SMSC. The short message is a copy-free byte array: callers must not modify it after
 * construction.
 */
public record SubmitSm(int sequenceNumber, String serviceType, Address sourceAddr, Address destinationAddr,
        int esmClass, int protocolId, int priorityFlag, String scheduleDeliveryTime, String validityPeriod,
        int registeredDelivery, int replaceIfPresentFlag, int dataCoding, int smDefaultMsgId,
        byte[] shortMessage, Tlvs tlvs) implements ShortMessagePdu {

    public SubmitSm {
        ShortMessagePdu.validate(serviceType, sourceAddr, destinationAddr, esmClass, protocolId, priorityFlag,
                scheduleDeliveryTime, validityPeriod, registeredDelivery, replaceIfPresentFlag, dataCoding,
                smDefaultMsgId, shortMessage, tlvs);
    }

    /** A message with default fields: no schedule, no validity, data_coding 0, no TLVs. */
    public static SubmitSm of(Address source, Address destination, byte[] shortMessage) {
        return ShortMessagePdu.plain(source, destination, shortMessage, SubmitSm::new);
    }

    @Override
    public CommandId commandId() {
        return CommandId.SUBMIT_SM;
    }

    @Override
    public SubmitSm withSequenceNumber(int sequenceNumber) {
        return ShortMessagePdu.copy(this, sequenceNumber, tlvs, SubmitSm::new);
    }

    public SubmitSm withTlvs(Tlvs tlvs) {
        return ShortMessagePdu.copy(this, sequenceNumber, tlvs, SubmitSm::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubmitSm other && ShortMessagePdu.same(this, other);
    }

    @Override
    public int hashCode() {
        return ShortMessagePdu.hash(this);
    }

    @Override
    public String toString() {
        return ShortMessagePdu.describe(this);
    }
}
