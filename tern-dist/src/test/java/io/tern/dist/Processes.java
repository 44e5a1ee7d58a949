package io.tern.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the commands the distribution tests need (tar, dpkg, the installed tern) and waits for ports. */
final class Processes {

    private Processes() {
    }

    /** What a finished command printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        Result ok() {
            assertThat(exitCode).as("exit code; stdout: %s; stderr: %s", stdout, stderr).isZero();
            return this;
        }
    }

    static Result run(Path dir, List<String> command) {
        return run(dir, Map.of(), command);
    }

    /**
     * Runs {@code command} to its end (at most two minutes), its output kept in files of {@code dir},
     * with {@code env} added to this process's environment less JAVA_HOME and TERN_JAVA_OPTS: the
     * launchers then run the java on the PATH, as on a user's machine, and not a JDK the build found
     * somewhere the tern user may not read.
     */
    static Result run(Path dir, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = start(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("still running after 2 minutes: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A process builder for {@code command} in the environment {@link #run} describes. */
    static ProcessBuilder start(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("TERN_JAVA_OPTS");
        return pb;
    }

    /** Whether {@code program} is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A port nobody listens on now: bound to 0 and released. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops a started server with SIGTERM, as systemd does, and returns its exit code. Under runuser
     * the signal goes to runuser's child, the java process: runuser itself, signalled, would end with
     * 128 + 15 whatever Tern returned.
     */
    static int terminate(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.children().toList();
        if (children.isEmpty()) {
            p.destroy();
        } else {
            children.forEach(ProcessHandle::destroy);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("did not stop within 60 s of SIGTERM");
        }
        return p.exitValue();
    }
}
