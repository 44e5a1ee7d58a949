package io.tern.cli.bench;

import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.sms.MessagePart;
import io.tern.smpp.sms.MessageSplitter;
import io.tern.smpp.tlv.Tlvs;
import java.util.List;

/**
 * The submit_sm PDUs of a run: message {@code n} goes to {@code destPrefix + n}; with
 * {@code --long N} it is N parts with a concatenation UDH (esm_class UDHI, 3GPP TS 23.040
 * §9.2.3.24.1). The encoded bodies are computed once; only the destination changes per message.
 */
final class MessageFactory {

    private static final int ESM_CLASS_UDHI = 0x40;

    private final Address source;
    private final String destPrefix;
    private final int registeredDelivery;
    private final int dataCoding;
    private final SmsEncoding encoding;
    private final String text;
    private final List<MessagePart> singleRefParts;
    private final int parts;

    MessageFactory(BenchConfig config) {
        this.source = Address.of(config.source().matches("[0-9]+") ? 1 : 5, config.source().matches("[0-9]+") ? 1 : 0,
                config.source());
        this.destPrefix = config.destPrefix();
        this.registeredDelivery = config.dlr() ? 1 : 0;
        this.encoding = config.ucs2() ? SmsEncoding.UCS2 : SmsEncoding.GSM7;
        this.dataCoding = encoding.dataCoding();
        this.parts = config.parts();
        this.text = textFor(config.text(), encoding, parts);
        this.singleRefParts = MessageSplitter.withUdh(text, encoding, MessageSplitter.ReferenceSize.EIGHT_BIT, 0);
        if (singleRefParts.size() != parts) {
            throw new IllegalArgumentException("--text does not split into " + parts + " parts (got "
                    + singleRefParts.size() + ")");
        }
    }

    int partsPerMessage() {
        return parts;
    }

    /** Part {@code part} (0-based) of message {@code n}, with this sequence_number. */
    SubmitSm submit(long n, int part, int seq) {
        Address dest = Address.of(1, 1, destPrefix + n);
        if (parts == 1) {
            return new SubmitSm(seq, "", source, dest, 0, 0, 0, "", "", registeredDelivery, 0, dataCoding, 0,
                    singleRefParts.get(0).shortMessage(), Tlvs.EMPTY);
        }
        byte[] body = singleRefParts.get(part).shortMessage().clone();
        body[3] = (byte) n; // the 8-bit concatenation reference: UDHL, IEI 00, IEDL 03, ref, total, seq
        return new SubmitSm(seq, "", source, dest, ESM_CLASS_UDHI, 0, 0, "", "", registeredDelivery, 0,
                dataCoding, 0, body, Tlvs.EMPTY);
    }

    /** The text itself for one part; for N parts, the text repeated until it needs exactly N segments. */
    static String textFor(String base, SmsEncoding encoding, int parts) {
        if (parts == 1) {
            return base;
        }
        String unit = base.isEmpty() ? "x" : base;
        int perPart = encoding == SmsEncoding.UCS2 ? 67 : 153;
        int single = encoding == SmsEncoding.UCS2 ? 70 : 160;
        StringBuilder sb = new StringBuilder();
        int target = perPart * (parts - 1) + 1;
        target = Math.max(target, single + 1);
        while (sb.length() < target) {
            sb.append(unit);
        }
        sb.setLength(target);
        return sb.toString();
    }
}
