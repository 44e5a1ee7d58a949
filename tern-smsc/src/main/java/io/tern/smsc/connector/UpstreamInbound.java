package io.tern.smsc.connector;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.PriorWriteNotRecordedException;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.store.UpstreamReceiptResult;
import io.tern.smsc.submit.MessageIds;
import io.tern.smsc.webhook.Replies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what an upstream SMSC sends over a connector's receiving binds (SMPP 3.4 §4.6
 * deliver_sm, §4.7 data_sm). A receipt finishes the forwarded message it names (or is kept until
 * that message's submit_sm_resp is recorded); anything else is a mobile-originated message,
 * routed by Tern's own routing (owned addresses, then the route table) and stored. Either way the
 * response goes back only after the store has committed, so the upstream keeps what Tern could not
 * keep: a store failure is answered ESME_RX_T_APPN and the upstream sends it again.
 */
public final class UpstreamInbound implements SmppRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(UpstreamInbound.class);

    /** What the inbound side tells the scheduler. */
    public interface Wakes {
        /** New due work for {@code target}. */
        void wake(String target);

        /** A receipt of {@code owner}'s may be due. */
        void wakeReceipts(String owner);

        /** Until when a receipt made PENDING now may be leased to the scheduler. */
        Instant receiptLeaseUntil();

        /** The receipt of {@code m} is PENDING and leased until {@code until}: the scheduler sends it from memory. */
        void receiptLeased(StoredMessage m, Instant until);
    }

    private final Connector connector;
    private final MessageStore store;
    private final Router router;
    private final MessageIds ids;
    private final Clock clock;
    private final Duration validity;
    private final Wakes wakes;
    private final Replies replies;

    /**
     * @param validity how long a mobile-originated message is kept for delivery
     * @param replies what becomes of messages to accounts' numbers (opt-out keywords, mo webhooks)
     */
    UpstreamInbound(Connector connector, MessageStore store, Router router, MessageIds ids, Clock clock,
            Duration validity, Wakes wakes, Replies replies) {
        this.replies = replies;
        this.connector = connector;
        this.store = store;
        this.router = router;
        this.ids = ids;
        this.clock = clock;
        this.validity = validity;
        this.wakes = wakes;
    }

    @Override
    public CompletionStage<PduResponse> handle(SmppSession session, PduRequest request) {
        if (request instanceof DeliverSm d) {
            return inbound(d.esmClass(), d.serviceType(), d.sourceAddr(), d.destinationAddr(), d.protocolId(),
                    d.priorityFlag(), d.dataCoding(), d.shortMessage(), d.tlvs())
                    .thenApply(st -> new DeliverSmResp(d.sequenceNumber(), st, ""));
        }
        if (request instanceof DataSm d) {
            return inbound(d.esmClass(), d.serviceType(), d.sourceAddr(), d.destinationAddr(), 0, 0, d.dataCoding(),
                    new byte[0], d.tlvs()).thenApply(st -> new DataSmResp(d.sequenceNumber(), st, "", Tlvs.EMPTY));
        }
        if (request instanceof AlertNotification) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
    }

    private CompletableFuture<CommandStatus> inbound(int esmClass, String serviceType, Address source, Address dest,
            int protocolId, int priorityFlag, int dataCoding, byte[] shortMessage, Tlvs tlvs) {
        Instant now = clock.instant();
        Optional<UpstreamReceipt> receipt = UpstreamReceipt.read(esmClass, shortMessage, tlvs, connector.config());
        if (receipt.isPresent()) {
            return receipt(receipt.get());
        }
        return mobileOriginated(esmClass, serviceType, source, dest, protocolId, priorityFlag, dataCoding,
                shortMessage, tlvs, now);
    }

    private CompletableFuture<CommandStatus> receipt(UpstreamReceipt r) {
        connector.receipts.increment();
        if (!r.isFinal()) {
            // an intermediate notification: the message is still on its way, nothing to record
            return CompletableFuture.completedFuture(CommandStatus.ESME_ROK);
        }
        if (r.upstreamId().isEmpty()) {
            connector.unmatchedReceipts.increment();
            log.warn("connector {}: receipt without a message id ({}): it cannot match any message", connector.name(),
                    r.state());
            return CompletableFuture.completedFuture(CommandStatus.ESME_ROK);
        }
        // Timed by Tern's clock, not the receipt's done date: the upstream's clock may run ahead of
        // ours (and its text has minutes only), and the receipt owed to the ESME is due now.
        Instant lease = wakes.receiptLeaseUntil();
        Attempt.Reported report = new Attempt.Reported(clock.instant(), r.state(), r.errorCode());
        ForwardIndex.Forward known = connector.forwards.take(r.upstreamId());
        if (known == null) {
            return throughStore(r.upstreamId(), report, lease);
        }
        return byMessageId(known, r.upstreamId(), report, lease);
    }

    /** A receipt matched in the store by its upstream id (the link written with the forward), or kept for later. */
    private CompletableFuture<CommandStatus> throughStore(String upstreamId, Attempt.Reported report, Instant lease) {
        return store.recordUpstreamReceipt(connector.name(), upstreamId, report, lease).handle((result, e) -> {
            if (e != null) {
                log.warn("connector {}: recording the receipt for upstream id {} failed, asking the upstream"
                        + " to send it again: {}", connector.name(), upstreamId, e.toString());
                return CommandStatus.ESME_RX_T_APPN;
            }
            if (result.outcome() == UpstreamReceiptResult.Outcome.MATCHED) {
                // read on another session, or before the submit_sm_resp: its forward reached
                // memory after the receipt looked there, and waits for no other receipt
                connector.forwards.take(upstreamId);
            }
            if (result.message() != null) {
                // leased in the same change: no claim has to read it back
                wakes.receiptLeased(result.message(), lease);
            } else if (result.outcome() == UpstreamReceiptResult.Outcome.MATCHED) {
                wakes.wakeReceipts(result.owner());
            } else if (result.outcome() == UpstreamReceiptResult.Outcome.KEPT) {
                connector.unmatchedReceipts.increment();
                log.debug("connector {}: receipt for upstream id {} kept until its message is recorded",
                        connector.name(), upstreamId);
            }
            return CommandStatus.ESME_ROK;
        });
    }

    /**
     * A receipt for a forward this connector holds in memory: recorded by the message's id (the same
     * conditional update as any outcome, so a message already final stays as it is), queued to follow
     * the forward's own write, so that both commit together when the receipt comes right behind the
     * submit_sm_resp (one commit before the deliver_sm_resp, not two in a row), and never before it;
     * Tern's receipt, when the submitter wants one, is sent from memory. When the forward did not
     * change the message (not committed, or finished already by a kept receipt) the receipt takes the
     * store's path instead.
     */
    private CompletableFuture<CommandStatus> byMessageId(ForwardIndex.Forward known, String upstreamId,
            Attempt.Reported report, Instant lease) {
        StoredMessage forwarded = known.message();
        return store.recordAttemptAfter(known.recorded(), forwarded, report, lease).handle((result, e) -> {
            if (e != null && Connector.cause(e) instanceof PriorWriteNotRecordedException) {
                return throughStore(upstreamId, report, lease);
            }
            if (e != null) {
                connector.forwards.putBack(upstreamId, known);
                log.warn("connector {}: recording the receipt for upstream id {} failed, asking the upstream to send"
                        + " it again: {}", connector.name(), upstreamId, e.toString());
                return CompletableFuture.completedFuture(CommandStatus.ESME_RX_T_APPN);
            }
            connector.receiptsInMemory.increment();
            if (result == UpdateResult.OK && forwarded.receiptWanted(report.state() == MessageState.DELIVERED)) {
                wakes.receiptLeased(forwarded.afterFinalOutcome(report), lease);
            }
            return CompletableFuture.completedFuture(CommandStatus.ESME_ROK);
        }).thenCompose(status -> status);
    }

    private CompletableFuture<CommandStatus> mobileOriginated(int esmClass, String serviceType, Address source,
            Address dest, int protocolId, int priorityFlag, int dataCoding, byte[] shortMessage, Tlvs tlvs,
            Instant now) {
        connector.mobileOriginated.increment();
        Optional<RouteTarget> routed = router.route(null, source.address(), dest.address(), serviceType);
        if (routed.isEmpty()) {
            log.info("connector {}: message from {} to {} has no route: refused", connector.name(), source.address(),
                    dest.address());
            return CompletableFuture.completedFuture(CommandStatus.ESME_RINVDSTADR);
        }
        if (routed.get() instanceof RouteTarget.Reject reject) {
            return CompletableFuture.completedFuture(reject.status());
        }
        String target = routed.get().key();
        Integer umr = tlvs.userMessageReference().isPresent() ? tlvs.userMessageReference().getAsInt() : null;
        StoredMessage m;
        try {
            // owned by the connector: nobody is owed a receipt for it (registered_delivery 0)
            m = StoredMessage.submitted(ids.next(), connector.config().target(), address(source), address(dest),
                    serviceType, esmClass & 0xC0, protocolId, priorityFlag,
                    connector.config().encoding().inbound(dataCoding), 0, shortMessage,
                    tlvs.toBytes(), umr, target, now, null, now.plus(validity), null);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CommandStatus.ESME_RSYSERR);
        }
        return replies.accept(m).thenCompose(batch -> batch.size() == 1
                ? store.insert(m).thenApply(v -> batch) : store.insertAll(batch).thenApply(v -> batch)).handle((batch, e) -> {
            if (e != null) {
                log.warn("connector {}: storing a message from {} failed, asking the upstream to send it again: {}",
                        connector.name(), source.address(), e.toString());
                return CommandStatus.ESME_RX_T_APPN;
            }
            for (StoredMessage stored : batch) {
                wakes.wake(stored.target());
            }
            return CommandStatus.ESME_ROK;
        });
    }

    private static StoredAddress address(Address a) {
        return new StoredAddress(a.ton(), a.npi(), a.address());
    }
}
