package io.tern.cli;

/** Entry point of the {@code tern} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("tern: not yet: the SMSC server lands with issue #4");
        System.exit(2);
    }
}
