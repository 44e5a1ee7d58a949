package io.tern.smsc.connector;

import java.util.List;
import java.util.Objects;

/**
 * A route target made of several connectors: FAILOVER sends everything over the first member that
 * is bound (in the order listed) and moves on while it is unbound or pausing after throttling;
 * WEIGHTED spreads messages over the bound members in proportion to their weights.
 */
public record ConnectorGroupConfig(String name, Strategy strategy, List<Member> members) {

    public enum Strategy { FAILOVER, WEIGHTED }

    public record Member(String connector, int weight) {
        public Member {
            Objects.requireNonNull(connector, "connector");
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be positive");
            }
        }
    }

    public ConnectorGroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one member");
        }
    }

    public String target() {
        return "group:" + name;
    }
}
