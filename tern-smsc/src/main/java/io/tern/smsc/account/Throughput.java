package io.tern.smsc.account;

/** An account's throughput limit: messages per second, with a burst the bucket can hold. */
public record Throughput(double ratePerSecond, int burst) {
    public Throughput {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }
}
