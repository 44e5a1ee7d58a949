package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** submit_multi (SMPP 3.4 §4.5.1): one message to up to 254 SME addresses and distribution lists. */
public record SubmitMulti(int sequenceNumber, String serviceType, Address sourceAddr, List<DestAddress> destAddresses,
        int esmClass, int protocolId, int priorityFlag, String scheduleDeliveryTime, String validityPeriod,
        int registeredDelivery, int replaceIfPresentFlag, int dataCoding, int smDefaultMsgId,
        byte[] shortMessage, Tlvs tlvs) implements PduRequest {

    public SubmitMulti {
        Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Objects.requireNonNull(destAddresses, "dest_addresses");
        if (destAddresses.isEmpty() || destAddresses.size() > Limits.MAX_DESTS) {
            throw new PduValidationException(CommandStatus.ESME_RINVNUMDESTS,
                    "number_of_dests must be 1.." + Limits.MAX_DESTS + ", was " + destAddresses.size());
        }
        destAddresses = List.copyOf(destAddresses);
        Limits.checkUnsignedByte(esmClass, CommandStatus.ESME_RINVESMCLASS, "esm_class");
        Limits.checkUnsignedByte(protocolId, "protocol_id");
        Limits.checkUnsignedByte(priorityFlag, CommandStatus.ESME_RINVPRTFLG, "priority_flag");
        Limits.checkTime(scheduleDeliveryTime, CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        Limits.checkTime(validityPeriod, CommandStatus.ESME_RINVEXPIRY, "validity_period");
        Limits.checkUnsignedByte(registeredDelivery, CommandStatus.ESME_RINVREGDLVFLG, "registered_delivery");
        Limits.checkUnsignedByte(replaceIfPresentFlag, CommandStatus.ESME_RINVREPFLAG, "replace_if_present_flag");
        Limits.checkUnsignedByte(dataCoding, CommandStatus.ESME_RINVDCS, "data_coding");
        Limits.checkUnsignedByte(smDefaultMsgId, CommandStatus.ESME_RINVDFTMSGID, "sm_default_msg_id");
        Limits.checkShortMessage(shortMessage);
        Objects.requireNonNull(tlvs, "tlvs");
        if (shortMessage.length > 0 && tlvs.has(io.tern.smpp.tlv.TlvTag.MESSAGE_PAYLOAD)) {
            // §5.3.2.32: message_payload and short_message must not both carry data.
            throw new PduValidationException(CommandStatus.ESME_RINVMSGLEN,
                    "short_message and message_payload both carry data");
        }
    }

    @Override
    public CommandId commandId() {
        return CommandId.SUBMIT_MULTI;
    }

    @Override
    public SubmitMulti withSequenceNumber(int sequenceNumber) {
        return new SubmitMulti(sequenceNumber, serviceType, sourceAddr, destAddresses, esmClass, protocolId,
                priorityFlag, scheduleDeliveryTime, validityPeriod, registeredDelivery, replaceIfPresentFlag,
                dataCoding, smDefaultMsgId, shortMessage, tlvs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubmitMulti m && m.sequenceNumber == sequenceNumber && m.serviceType.equals(serviceType)
                && m.sourceAddr.equals(sourceAddr) && m.destAddresses.equals(destAddresses)
                && m.esmClass == esmClass && m.protocolId == protocolId && m.priorityFlag == priorityFlag
                && m.scheduleDeliveryTime.equals(scheduleDeliveryTime) && m.validityPeriod.equals(validityPeriod)
                && m.registeredDelivery == registeredDelivery && m.replaceIfPresentFlag == replaceIfPresentFlag
                && m.dataCoding == dataCoding && m.smDefaultMsgId == smDefaultMsgId
                && Arrays.equals(m.shortMessage, shortMessage) && m.tlvs.equals(tlvs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, sourceAddr, destAddresses, dataCoding, tlvs) * 31
                + Arrays.hashCode(shortMessage);
    }

    @Override
    public String toString() {
        return "submit_multi[seq=" + sequenceNumber + ", service_type=" + serviceType + ", source=" + sourceAddr
                + ", dests=" + destAddresses + ", esm_class=0x" + Integer.toHexString(esmClass)
                + ", registered_delivery=" + registeredDelivery + ", data_coding=0x" + Integer.toHexString(dataCoding)
                + ", short_message=" + HexFormat.of().formatHex(shortMessage) + ", tlvs=" + tlvs + "]";
    }
}
