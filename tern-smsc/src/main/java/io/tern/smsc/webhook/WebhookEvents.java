package io.tern.smsc.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.smpp.charset.DataCoding;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredMessage;
import java.time.Instant;
import java.util.Arrays;

/**
 * The JSON bodies of webhook requests (docs/http-api.md gives their fields): a receipt (a
 * message's final outcome) and a message to one of the account's numbers (mobile-originated).
 */
public final class WebhookEvents {

    public static final String RECEIPT = "receipt";
    public static final String MO = "mo";

    /** esm_class bit 6, UDHI: the content starts with a User Data Header (SMPP 3.4 §5.2.12). */
    private static final int ESM_CLASS_UDHI = 0x40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookEvents() {
    }

    /** The receipt of {@code m}, which is final. */
    public static byte[] receipt(StoredMessage m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", RECEIPT);
        o.put("id", m.id());
        o.put("account", m.owner());
        o.put("from", m.source().addr());
        o.put("to", m.destination().addr());
        o.put("state", m.state().name());
        o.put("error", m.lastError());
        o.put("attempts", m.attempts());
        o.put("submitted_at", m.submitTime().toString());
        putTime(o, "done_at", m.finalTime());
        if (m.clientRef() != null) {
            o.put("client_ref", m.clientRef());
        }
        return bytes(o);
    }

    /** A message to {@code account}'s number, as it was stored ({@code m} is its webhook copy). */
    public static byte[] mo(String account, String originalId, StoredMessage m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", MO);
        o.put("id", originalId);
        o.put("account", account);
        o.put("from", m.source().addr());
        o.put("to", m.destination().addr());
        o.put("text", text(m));
        o.put("data_coding", m.dataCoding());
        o.put("received_at", m.submitTime().toString());
        return bytes(o);
    }

    /**
     * The text of {@code m}: short_message or message_payload, after its UDH if it has one, decoded
     * by its data_coding.
     */
    public static String text(StoredMessage m) {
        byte[] content = Tlvs.fromBytes(m.tlvs()).messagePayload().orElse(m.shortMessage());
        if ((m.esmClass() & ESM_CLASS_UDHI) != 0 && content.length > 0) {
            int skip = Math.min(content.length, 1 + (content[0] & 0xFF));
            content = Arrays.copyOfRange(content, skip, content.length);
        }
        return DataCoding.charsetFor(m.dataCoding()).decode(content);
    }

    private static void putTime(ObjectNode o, String name, Instant t) {
        if (t == null) {
            o.putNull(name);
        } else {
            o.put(name, t.toString());
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
