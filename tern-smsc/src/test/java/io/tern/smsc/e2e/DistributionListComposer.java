package io.tern.smsc.e2e;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Address;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.DistributionList;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.PDUByteBuffer;

/**
 * jSMPP 3.0.1 drops the dl_name of a distribution-list destination when it encodes submit_multi
 * (it validates the name, then logs "unknown destination" and writes nothing after dest_flag 2).
 * This composer writes SMPP 3.4 §4.5.1 as specified so the SMSC's distribution lists can be tested.
 */
final class DistributionListComposer extends DefaultComposer {

    @Override
    public byte[] submitMulti(int seq, String serviceType, byte sourceTon, byte sourceNpi, String source,
            DestinationAddress[] dests, byte esmClass, byte protocolId, byte priorityFlag, String schedule,
            String validity, byte registeredDelivery, byte replaceIfPresent, byte dataCoding, byte smDefaultMsgId,
            byte[] shortMessage, OptionalParameter... tlvs) {
        PDUByteBuffer buf = new PDUByteBuffer(SMPPConstant.CID_SUBMIT_MULTI, 0, seq);
        buf.append(serviceType);
        buf.append(sourceTon);
        buf.append(sourceNpi);
        buf.append(source);
        buf.append((byte) dests.length);
        for (DestinationAddress d : dests) {
            buf.append(d.getFlag().getValue());
            if (d instanceof Address a) {
                buf.append(a.getTon());
                buf.append(a.getNpi());
                buf.append(a.getAddress());
            } else {
                buf.append(((DistributionList) d).getName());
            }
        }
        buf.append(esmClass);
        buf.append(protocolId);
        buf.append(priorityFlag);
        buf.append(schedule);
        buf.append(validity);
        buf.append(registeredDelivery);
        buf.append(replaceIfPresent);
        buf.append(dataCoding);
        buf.append(smDefaultMsgId);
        buf.append((byte) shortMessage.length);
        buf.append(shortMessage);
        buf.appendAll(tlvs);
        return buf.toBytes();
    }
}
