package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;

/**
 * submit_sm and deliver_sm share one body (SMPP 3.4 §4.4.1, §4.6.1); code that handles either
 * uses this view.
 */
public sealed interface ShortMessagePdu extends PduRequest permits SubmitSm, DeliverSm {

    String serviceType();

    Address sourceAddr();

    Address destinationAddr();

    int esmClass();

    int protocolId();

    int priorityFlag();

    String scheduleDeliveryTime();

    String validityPeriod();

    int registeredDelivery();

    int replaceIfPresentFlag();

    int dataCoding();

    int smDefaultMsgId();

    byte[] shortMessage();

    Tlvs tlvs();

    /**
     * The canonical constructor of submit_sm or deliver_sm ({@code SubmitSm::new}, {@code DeliverSm::new}):
     * code that builds either, the decoder's paths among them, names the body's fields once through it.
     */
    @FunctionalInterface
    interface Constructor<T extends ShortMessagePdu> {
        T make(int sequenceNumber, String serviceType, Address sourceAddr, Address destinationAddr, int esmClass,
                int protocolId, int priorityFlag, String scheduleDeliveryTime, String validityPeriod,
                int registeredDelivery, int replaceIfPresentFlag, int dataCoding, int smDefaultMsgId,
                byte[] shortMessage, Tlvs tlvs);
    }

    /** submit_sm or deliver_sm by command, for code that handles both. */
    static Constructor<? extends ShortMessagePdu> constructor(CommandId id) {
        return id == CommandId.SUBMIT_SM ? SubmitSm::new : DeliverSm::new;
    }

    /** A message with default fields: no schedule, no validity, data_coding 0, no TLVs. */
    static <T extends ShortMessagePdu> T plain(Address source, Address destination, byte[] shortMessage,
            Constructor<T> make) {
        return make.make(0, "", source, destination, 0, 0, 0, "", "", 0, 0, 0, 0, shortMessage, Tlvs.EMPTY);
    }

    /** {@code p} with another sequence number and TLVs. */
    static <T extends ShortMessagePdu> T copy(ShortMessagePdu p, int sequenceNumber, Tlvs tlvs, Constructor<T> make) {
        return make.make(sequenceNumber, p.serviceType(), p.sourceAddr(), p.destinationAddr(), p.esmClass(),
                p.protocolId(), p.priorityFlag(), p.scheduleDeliveryTime(), p.validityPeriod(),
                p.registeredDelivery(), p.replaceIfPresentFlag(), p.dataCoding(), p.smDefaultMsgId(),
                p.shortMessage(), tlvs);
    }

    static void validate(String serviceType, Address sourceAddr, Address destinationAddr, int esmClass,
            int protocolId, int priorityFlag, String scheduleDeliveryTime, String validityPeriod,
            int registeredDelivery, int replaceIfPresentFlag, int dataCoding, int smDefaultMsgId,
            byte[] shortMessage, Tlvs tlvs) {
        // the seven one-octet fields in one test; when one is out of range, every field is checked
        // in order below, so the error reported is the same as with a test per field
        boolean octetsOk = ((esmClass | protocolId | priorityFlag | registeredDelivery | replaceIfPresentFlag
                | dataCoding | smDefaultMsgId) & ~0xFF) == 0;
        // strings the decoder has just checked on the wire are not scanned again (CheckedOnWire)
        boolean strings = !CheckedOnWire.isOn();
        if (strings) {
            Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
            Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
            Limits.checkAddress(destinationAddr, Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR,
                    "destination_addr");
        }
        if (!octetsOk) {
            Limits.checkUnsignedByte(esmClass, CommandStatus.ESME_RINVESMCLASS, "esm_class");
            Limits.checkUnsignedByte(protocolId, "protocol_id");
            Limits.checkUnsignedByte(priorityFlag, CommandStatus.ESME_RINVPRTFLG, "priority_flag");
        }
        if (strings) {
            Limits.checkTime(scheduleDeliveryTime, CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
            Limits.checkTime(validityPeriod, CommandStatus.ESME_RINVEXPIRY, "validity_period");
        }
        if (!octetsOk) {
            Limits.checkUnsignedByte(registeredDelivery, CommandStatus.ESME_RINVREGDLVFLG, "registered_delivery");
            Limits.checkUnsignedByte(replaceIfPresentFlag, CommandStatus.ESME_RINVREPFLAG, "replace_if_present_flag");
            Limits.checkUnsignedByte(dataCoding, CommandStatus.ESME_RINVDCS, "data_coding");
            Limits.checkUnsignedByte(smDefaultMsgId, CommandStatus.ESME_RINVDFTMSGID, "sm_default_msg_id");
        }
        Limits.checkShortMessage(shortMessage);
        if (tlvs == null) {
            throw new NullPointerException("tlvs");
        }
        if (shortMessage.length > 0 && tlvs.has(io.tern.smpp.tlv.TlvTag.MESSAGE_PAYLOAD)) {
            // §5.3.2.32: message_payload and short_message must not both carry data.
            throw new PduValidationException(CommandStatus.ESME_RINVMSGLEN,
                    "short_message and message_payload both carry data");
        }
    }

    static String describe(ShortMessagePdu p) {
        return p.commandId().name().toLowerCase(java.util.Locale.ROOT) + "[seq=" + p.sequenceNumber()
                + ", service_type=" + p.serviceType() + ", source=" + p.sourceAddr()
                + ", destination=" + p.destinationAddr() + ", esm_class=0x" + Integer.toHexString(p.esmClass())
                + ", protocol_id=" + p.protocolId() + ", priority_flag=" + p.priorityFlag()
                + ", schedule_delivery_time=" + p.scheduleDeliveryTime() + ", validity_period=" + p.validityPeriod()
                + ", registered_delivery=" + p.registeredDelivery() + ", replace_if_present_flag="
                + p.replaceIfPresentFlag() + ", data_coding=0x" + Integer.toHexString(p.dataCoding())
                + ", sm_default_msg_id=" + p.smDefaultMsgId() + ", short_message="
                + java.util.HexFormat.of().formatHex(p.shortMessage()) + ", tlvs=" + p.tlvs() + "]";
    }

    static boolean same(ShortMessagePdu a, ShortMessagePdu b) {
        return a.sequenceNumber() == b.sequenceNumber() && a.serviceType().equals(b.serviceType())
                && a.sourceAddr().equals(b.sourceAddr()) && a.destinationAddr().equals(b.destinationAddr())
                && a.esmClass() == b.esmClass() && a.protocolId() == b.protocolId()
                && a.priorityFlag() == b.priorityFlag() && a.scheduleDeliveryTime().equals(b.scheduleDeliveryTime())
                && a.validityPeriod().equals(b.validityPeriod()) && a.registeredDelivery() == b.registeredDelivery()
                && a.replaceIfPresentFlag() == b.replaceIfPresentFlag() && a.dataCoding() == b.dataCoding()
                && a.smDefaultMsgId() == b.smDefaultMsgId()
                && java.util.Arrays.equals(a.shortMessage(), b.shortMessage()) && a.tlvs().equals(b.tlvs());
    }

    static int hash(ShortMessagePdu p) {
        return java.util.Objects.hash(p.sequenceNumber(), p.serviceType(), p.sourceAddr(), p.destinationAddr(),
                p.esmClass(), p.dataCoding(), p.tlvs()) * 31 + java.util.Arrays.hashCode(p.shortMessage());
    }
}
