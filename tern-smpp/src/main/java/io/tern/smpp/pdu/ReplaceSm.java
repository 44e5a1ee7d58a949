package io.tern.smpp.pdu;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** replace_sm (SMPP 3.4 §4.10.1): replaces the text, schedule or validity of a pending message. */
public record ReplaceSm(int sequenceNumber, String messageId, Address sourceAddr, String scheduleDeliveryTime,
        String validityPeriod, int registeredDelivery, int smDefaultMsgId, byte[] shortMessage) implements PduRequest {

    public ReplaceSm {
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Limits.checkTime(scheduleDeliveryTime, CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        Limits.checkTime(validityPeriod, CommandStatus.ESME_RINVEXPIRY, "validity_period");
        Limits.checkUnsignedByte(registeredDelivery, CommandStatus.ESME_RINVREGDLVFLG, "registered_delivery");
        Limits.checkUnsignedByte(smDefaultMsgId, CommandStatus.ESME_RINVDFTMSGID, "sm_default_msg_id");
        Limits.checkShortMessage(shortMessage);
    }

    @Override
    public CommandId commandId() {
        return CommandId.REPLACE_SM;
    }

    @Override
    public ReplaceSm withSequenceNumber(int sequenceNumber) {
        return new ReplaceSm(sequenceNumber, messageId, sourceAddr, scheduleDeliveryTime, validityPeriod,
                registeredDelivery, smDefaultMsgId, shortMessage);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplaceSm r && r.sequenceNumber == sequenceNumber && r.messageId.equals(messageId)
                && r.sourceAddr.equals(sourceAddr) && r.scheduleDeliveryTime.equals(scheduleDeliveryTime)
                && r.validityPeriod.equals(validityPeriod) && r.registeredDelivery == registeredDelivery
                && r.smDefaultMsgId == smDefaultMsgId && Arrays.equals(r.shortMessage, shortMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, messageId, sourceAddr) * 31 + Arrays.hashCode(shortMessage);
    }

    @Override
    public String toString() {
        return "replace_sm[seq=" + sequenceNumber + ", message_id=" + messageId + ", source=" + sourceAddr
                + ", schedule_delivery_time=" + scheduleDeliveryTime + ", validity_period=" + validityPeriod
                + ", registered_delivery=" + registeredDelivery + ", sm_default_msg_id=" + smDefaultMsgId
                + ", short_message=" + HexFormat.of().formatHex(shortMessage) + "]";
    }
}
