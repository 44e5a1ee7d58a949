package io.tern.smsc.webhook;

import io.tern.smsc.optout.OptOutConfig;
import io.tern.smsc.optout.SuppressionList;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a message to one of an account's numbers (a reply, mobile-originated) before it
 * is stored (docs/http-api.md): a stop or start keyword changes the account's suppression list
 * first, and an account with an mo webhook gets a copy of the message for it, stored in the same
 * transaction as the message itself. Both are committed before the sender is answered, so a crash
 * loses neither: a sender that got no answer sends again, and listing a number twice is harmless.
 */
public final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    /** The id of a message's mo webhook copy is the message's id and this. */
    public static final String WEBHOOK_COPY_SUFFIX = "-mo";
    /** Messages whose short_message and TLVs hold more octets than this are no keyword. */
    private static final int MAX_KEYWORD_OCTETS = 80;

    /** Messages are stored as they are. */
    public static final Replies NONE = new Replies(a -> null, a -> OptOutConfig.DEFAULT, null);

    private final Function<String, WebhookConfig> webhooks;
    private final Function<String, OptOutConfig> optOut;
    private final SuppressionList suppressions;

    /** @param suppressions the lists keywords change; null: keywords are not looked for */
    public Replies(Function<String, WebhookConfig> webhooks, Function<String, OptOutConfig> optOut,
            SuppressionList suppressions) {
        this.webhooks = webhooks;
        this.optOut = optOut;
        this.suppressions = suppressions;
    }

    /**
     * The messages to store for {@code m}, {@code m} first, once any opt-out change it asks for is
     * committed. Fails if that change fails; then nothing should be stored.
     */
    public CompletableFuture<List<StoredMessage>> accept(StoredMessage m) {
        RouteTarget target;
        try {
            target = RouteTarget.parse(m.target());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(List.of(m));
        }
        if (!(target instanceof RouteTarget.Esme esme)) {
            return CompletableFuture.completedFuture(List.of(m));
        }
        String account = esme.systemId();
        WebhookConfig hooks = webhooks.apply(account);
        List<StoredMessage> batch = hooks != null && hooks.mo() != null
                ? List.of(m, webhookCopy(m, account)) : List.of(m);
        // a keyword is short: longer texts (short_message or message_payload) are not decoded to find out
        if (suppressions == null || m.shortMessage().length + m.tlvs().length > MAX_KEYWORD_OCTETS) {
            return CompletableFuture.completedFuture(batch);
        }
        String text = WebhookEvents.text(m);
        String sender = m.source().addr();
        switch (optOut.apply(account).keyword(text)) {
            case STOP:
                return suppressions.add(account, sender, "reply " + text.trim().toUpperCase(Locale.ROOT))
                        .thenApply(added -> {
                            log.info("{} opted out of {}'s messages (reply '{}')", sender, account, text.trim());
                            return batch;
                        });
            case START:
                return suppressions.remove(account, sender).thenApply(removed -> {
                    log.info("{} opted back in to {}'s messages (reply '{}')", sender, account, text.trim());
                    return batch;
                });
            default:
                return CompletableFuture.completedFuture(batch);
        }
    }

    /** {@link #accept} of each message, in order, all in one list. */
    public CompletableFuture<List<StoredMessage>> acceptAll(List<StoredMessage> messages) {
        CompletableFuture<List<StoredMessage>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (StoredMessage m : messages) {
            all = all.thenCompose(list -> accept(m).thenApply(batch -> {
                list.addAll(batch);
                return list;
            }));
        }
        return all;
    }

    /** The copy of {@code m} that goes to {@code account}'s mo webhook; it owes nobody a receipt. */
    static StoredMessage webhookCopy(StoredMessage m, String account) {
        return StoredMessage.submitted(m.id() + WEBHOOK_COPY_SUFFIX, m.owner(), m.source(), m.destination(),
                m.serviceType(), m.esmClass(), m.protocolId(), m.priorityFlag(), m.dataCoding(), 0, m.shortMessage(),
                m.tlvs(), m.userMessageReference(), new RouteTarget.Webhook(account).key(), m.submitTime(),
                m.scheduleTime(), m.expiryTime(), null);
    }

    /** The id of the message {@code copyId} is the mo webhook copy of. */
    static String originalId(String copyId) {
        return copyId.endsWith(WEBHOOK_COPY_SUFFIX)
                ? copyId.substring(0, copyId.length() - WEBHOOK_COPY_SUFFIX.length()) : copyId;
    }
}
