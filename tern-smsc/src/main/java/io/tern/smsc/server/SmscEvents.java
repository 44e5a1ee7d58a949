package io.tern.smsc.server;

import io.tern.smpp.pdu.CommandStatus;

/**
 * What the SMSC tells an observer (tern-http's metrics) as it works, so that the core counts events
 * without depending on a metrics library. Every method is called on the SMPP path (an event loop, a
 * store thread, the scheduler): an implementation only counts, never blocks, never throws, and keeps
 * its labels bounded (accounts, statuses, channel kinds: no message ids, no addresses). The defaults
 * do nothing.
 */
public interface SmscEvents {

    /** Counts nothing. */
    SmscEvents NONE = new SmscEvents() {
    };

    /**
     * A submission PDU of {@code account} was answered.
     *
     * @param command {@code submit_sm}, {@code data_sm} or {@code submit_multi}
     * @param status the response's command_status (ESME_ROK: committed to the store)
     */
    default void submitted(String account, String command, CommandStatus status) {
    }

    /**
     * A delivery attempt ended.
     *
     * @param channel the kind of channel: {@code esme}, {@code sim} or {@code connector}
     * @param outcome {@code delivered}, {@code forwarded}, {@code temporary}, {@code permanent},
     *     {@code unavailable} or {@code throttled} (see {@link io.tern.smsc.delivery.DeliveryResult})
     */
    default void delivered(String channel, String outcome) {
    }

    /**
     * A delivery receipt owed to {@code owner} was offered to one of its sessions.
     *
     * @param taken whether the owner is done with it (acknowledged, or refused for good); false
     *     when it will be sent again
     */
    default void receiptSent(String owner, boolean taken) {
    }
}
