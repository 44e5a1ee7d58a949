package io.tern.cli.bench;

/** A bench run cannot go on: the message is for the user, without a stack trace. */
final class BenchException extends RuntimeException {

    BenchException(String message) {
        super(message, null, false, false);
    }
}
