package io.tern.http.api;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.server.SmscEvents;

/**
 * What an endpoint of the HTTP API may use: the SMSC (store, submissions, accounts, clock), the
 * keys, the listener's settings, and the observer that counts submissions (the metrics).
 */
public record ApiContext(Smsc smsc, ApiKeys keys, TernConfig.Http http, SmscEvents events) {
}
