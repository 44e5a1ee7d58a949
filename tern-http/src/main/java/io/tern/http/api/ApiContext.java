package io.tern.http.api;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.server.Smsc;

/** What an endpoint of the HTTP API may use: the SMSC (store, submissions, accounts, clock), the keys and the listener's settings. */
public record ApiContext(Smsc smsc, ApiKeys keys, TernConfig.Http http) {
}
