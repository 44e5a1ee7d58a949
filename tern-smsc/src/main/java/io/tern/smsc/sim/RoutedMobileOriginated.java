package io.tern.smsc.sim;

import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.charset.SmsEncoding;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.submit.MessageIds;
import io.tern.smsc.webhook.Replies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Routes a virtual handset's message like any mobile-originated message (owned addresses, then the
 * route table, docs/architecture.md) and stores it, owned by {@value #OWNER}: nobody is owed a
 * receipt for it. The text travels in GSM 7-bit when it can, else UCS-2; a text longer than
 * short_message holds goes in message_payload, as a long submit_sm does.
 */
public final class RoutedMobileOriginated implements MobileOriginatedSink {

    /** The owner of messages the handset network sends. */
    public static final String OWNER = "sim";

    private final Router router;
    private final MessageStore store;
    private final MessageIds ids;
    private final Clock clock;
    private final Duration validity;
    private final Consumer<String> wake;
    private final Replies replies;

    /**
     * @param validity how long the message is kept for delivery
     * @param wake told the target of each stored message (a hint for the scheduler)
     * @param replies what a reply to an account's number also does (opt-out keywords, the account's mo
     *     webhook), as for a reply that comes from an upstream SMSC or an ESME
     */
    public RoutedMobileOriginated(Router router, MessageStore store, MessageIds ids, Clock clock, Duration validity,
            Consumer<String> wake, Replies replies) {
        this.replies = replies;
        this.router = router;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.validity = validity;
        this.wake = wake;
    }

    @Override
    public CompletableFuture<String> accept(MobileOriginated mo) {
        Optional<RouteTarget> routed = router.route(null, mo.source(), mo.destination(), "");
        if (routed.isEmpty()) {
            return CompletableFuture.failedFuture(new MobileOriginatedRefusedException(
                    "no route for a message from " + mo.source() + " to " + mo.destination()));
        }
        if (routed.get() instanceof RouteTarget.Reject reject) {
            return CompletableFuture.failedFuture(new MobileOriginatedRefusedException("the route for "
                    + mo.destination() + " rejects it with " + reject.status()));
        }
        SmsEncoding encoding = EncodingChooser.choose(mo.text());
        byte[] body = encoding.charset().encode(mo.text());
        byte[] shortMessage = body;
        byte[] tlvs = new byte[0];
        // a text longer than short_message can hold (SMPP 3.4 §5.2.22) goes in message_payload
        if (body.length > Limits.SHORT_MESSAGE) {
            shortMessage = new byte[0];
            tlvs = Tlvs.builder().messagePayload(body).build().toBytes();
        }
        String target = routed.get().key();
        Instant now = clock.instant();
        StoredMessage m = StoredMessage.submitted(ids.next(), OWNER, new StoredAddress(1, 1, mo.source()),
                new StoredAddress(0, 1, mo.destination()), "", 0, 0, 0, encoding.dataCoding(), 0, shortMessage, tlvs,
                null, target, now, null, now.plus(validity), null);
        return replies.accept(m).thenCompose(batch -> store.insertAll(batch).thenApply(v -> {
            for (StoredMessage stored : batch) {
                wake.accept(stored.target());
            }
            return m.id();
        }));
    }
}
