package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;

/**
 * deliver_sm (SMPP 3.4 §4.6.1): the SMSC delivers a message or a delivery receipt to an ESME. The short message is a copy-free byte array: callers must not modify it after
 * construction.
 */
public record DeliverSm(int sequenceNumber, String serviceType, Address sourceAddr, Address destinationAddr,
        int esmClass, int protocolId, int priorityFlag, String scheduleDeliveryTime, String validityPeriod,
        int registeredDelivery, int replaceIfPresentFlag, int dataCoding, int smDefaultMsgId,
        byte[] shortMessage, Tlvs tlvs) implements ShortMessagePdu {

    public DeliverSm {
        ShortMessagePdu.validate(serviceType, sourceAddr, destinationAddr, esmClass, protocolId, priorityFlag,
                scheduleDeliveryTime, validityPeriod, registeredDelivery, replaceIfPresentFlag, dataCoding,
                smDefaultMsgId, shortMessage, tlvs);
    }

    /** A message with default fields: no schedule, no validity, data_coding 0, no TLVs. */
    public static DeliverSm of(Address source, Address destination, byte[] shortMessage) {
        return ShortMessagePdu.plain(source, destination, shortMessage, DeliverSm::new);
    }

    @Override
    public CommandId commandId() {
        return CommandId.DELIVER_SM;
    }

    @Override
    public DeliverSm withSequenceNumber(int sequenceNumber) {
        return ShortMessagePdu.copy(this, sequenceNumber, tlvs, DeliverSm::new);
    }

    public DeliverSm withTlvs(Tlvs tlvs) {
        return ShortMessagePdu.copy(this, sequenceNumber, tlvs, DeliverSm::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeliverSm other && ShortMessagePdu.same(this, other);
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
