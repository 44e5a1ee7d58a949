package io.tern.cli;

/**
 * SIGTERM and SIGINT handling so that a drained shutdown exits 0 rather than the JVM's 143.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported) when present; otherwise the shutdown hook
 * still drains, only the exit code differs.
 */
final class Signals {

    private Signals() {
    }

    static void onTerminate(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = java.lang.reflect.Proxy.newProxyInstance(Signals.class.getClassLoader(),
                    new Class<?>[] {handler}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            new Thread(action, "tern-signal").start();
                        }
                        return null;
                    });
            for (String name : new String[] {"TERM", "INT"}) {
                Object sig = signal.getConstructor(String.class).newInstance(name);
                signal.getMethod("handle", signal, handler).invoke(null, sig, h);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no signal API: the shutdown hook drains, the exit code is the JVM's
        }
    }
}
