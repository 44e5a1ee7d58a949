package io.tern.smsc.cdr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.MessageRecord;
import io.tern.smsc.store.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One call detail record: a JSON object on one line for a message's final outcome
 * (docs/operations.md#call-detail-records). The message id is the key to deduplicate on: after a
 * crash a record may be written twice, never not at all.
 */
final class CdrLine {

    private static final JsonFactory JSON = new JsonFactory();
    /** esm_class bit 6: the short_message starts with a UDH, so it is one part of a longer message. */
    private static final int UDHI = 0x40;

    private CdrLine() {
    }

    /** Appends the record of {@code r}, ending in a newline, to {@code out}. */
    static void write(MessageRecord r, ByteArrayOutputStream out) {
        StoredMessage m = r.message();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("message_id", m.id());
            g.writeStringField("account", m.owner());
            g.writeStringField("source", m.source().addr());
            g.writeStringField("destination", m.destination().addr());
            g.writeNumberField("parts", parts(m));
            g.writeStringField("channel", m.target());
            g.writeStringField("connector", r.upstream());
            g.writeStringField("upstream_id", r.upstreamId());
            g.writeStringField("submit_time", time(m.submitTime()));
            g.writeStringField("done_time", time(m.finalTime()));
            g.writeStringField("outcome", m.state().name());
            g.writeNumberField("error", m.lastError());
            g.writeNumberField("attempts", m.attempts());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /**
     * How many SMS the message takes: one when it is itself a part (UDHI), else its text (short_message
     * or message_payload) cut as its data_coding allows (160 / 70 / 140 units in one SMS, 153 / 67 /
     * 134 a part after a concatenation UDH; 3GPP TS 23.040 §9.2.3.16).
     */
    static int parts(StoredMessage m) {
        if ((m.esmClass() & UDHI) != 0) {
            return 1;
        }
        int octets = m.shortMessage().length;
        if (octets == 0) {
            octets = Tlvs.fromBytes(m.tlvs()).messagePayload().map(p -> p.length).orElse(0);
        }
        SmsEncoding encoding = switch (m.dataCoding()) {
            case 0x00 -> SmsEncoding.GSM7;
            case 0x08 -> SmsEncoding.UCS2;
            default -> SmsEncoding.EIGHT_BIT;
        };
        int units = encoding == SmsEncoding.UCS2 ? octets / 2 : octets;
        if (units <= encoding.singleLimit()) {
            return 1;
        }
        int part = encoding.partLimit(io.tern.smpp.charset.EncodingChooser.CONCAT_8BIT_UDH_LENGTH);
        return (units + part - 1) / part;
    }
}
