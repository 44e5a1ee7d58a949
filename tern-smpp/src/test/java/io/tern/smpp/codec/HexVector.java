package io.tern.smpp.codec;

import io.tern.smpp.pdu.CommandStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One golden vector from {@code src/test/resources/vectors/*.hex}: the PDU's octets, written one
 * field a line with the field's name after {@code #}, and a {@code #! expect:} line saying what
 * decoding must yield, either {@code pdu} or
 * {@code error <STATUS> seq=<n> framing=kept|lost answer=<command>|none}.
 */
record HexVector(String name, byte[] bytes, Expectation expect) {

    /** The largest PDU the decoders under test accept; {@code error_command_length_too_long} is one past it. */
    static final int MAX_PDU_LENGTH = 65536;

    /** What decoding the vector must yield. */
    record Expectation(boolean pdu, CommandStatus status, int sequenceNumber, boolean framingLost, String answer) {
    }

    @Override
    public String toString() {
        return name;
    }

    static List<HexVector> all() {
        try {
            URL dir = HexVector.class.getResource("/vectors");
            if (dir == null) {
                throw new IllegalStateException("no vectors directory on the test classpath");
            }
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                return files.filter(p -> p.toString().endsWith(".hex")).sorted().map(HexVector::load).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<HexVector> pdus() {
        return all().stream().filter(v -> v.expect.pdu()).toList();
    }

    static HexVector named(String name) {
        return all().stream().filter(v -> v.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + name));
    }

    static HexVector load(Path file) {
        try {
            return parse(file.getFileName().toString().replaceFirst("\\.hex$", ""),
                    Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HexVector parse(String name, List<String> lines) {
        StringBuilder hex = new StringBuilder();
        Expectation expect = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#! expect:")) {
                expect = parseExpectation(trimmed.substring("#! expect:".length()).strip());
                continue;
            }
            int comment = trimmed.indexOf('#');
            String data = (comment >= 0 ? trimmed.substring(0, comment) : trimmed).replaceAll("\\s+", "");
            hex.append(data);
        }
        if (expect == null) {
            throw new IllegalArgumentException(name + ": no '#! expect:' line");
        }
        return new HexVector(name, HexFormat.of().parseHex(hex), expect);
    }

    private static Expectation parseExpectation(String s) {
        if (s.equals("pdu")) {
            return new Expectation(true, null, 0, false, null);
        }
        String[] words = s.split("\\s+");
        if (!words[0].equals("error") || words.length < 2) {
            throw new IllegalArgumentException("bad expectation: " + s);
        }
        CommandStatus status = statusNamed(words[1]);
        int seq = PduDecodeException.NO_SEQUENCE;
        boolean lost = false;
        String answer = null;
        for (int i = 2; i < words.length; i++) {
            String[] kv = words[i].split("=", 2);
            switch (kv[0]) {
                case "seq" -> seq = Integer.parseInt(kv[1]);
                case "framing" -> lost = kv[1].equals("lost");
                case "answer" -> answer = kv[1];
                default -> throw new IllegalArgumentException("bad expectation key " + kv[0]);
            }
        }
        return new Expectation(false, status, seq, lost, answer);
    }

    static CommandStatus statusNamed(String mnemonic) {
        for (Field f : CommandStatus.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == CommandStatus.class
                    && f.getName().equals(mnemonic.toUpperCase(Locale.ROOT))) {
                try {
                    return (CommandStatus) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("unknown status " + mnemonic);
    }
}
