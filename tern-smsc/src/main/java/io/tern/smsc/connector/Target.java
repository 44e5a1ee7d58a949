package io.tern.smsc.connector;

/** What a route target names among the connectors: one connector, or a group that picks one per message. */
interface Target {

    /** Whether a message can be forwarded now. */
    boolean available();

    /** How many messages may be in flight at once. */
    int capacity();

    /** The connector for the next message, or null when none is bound. */
    Connector choose();
}
