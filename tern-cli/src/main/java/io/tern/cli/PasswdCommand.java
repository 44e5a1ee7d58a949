package io.tern.cli;

import io.tern.smsc.account.AccountService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tern passwd}: prints the bcrypt hash of a password for an account's password_hash. */
@Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the bcrypt hash of a password, for password_hash in the configuration.")
final class PasswdCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "PASSWORD",
            description = "The password (at most 8 characters, SMPP 3.4 §5.2.2); read from standard input if absent.")
    private String password;

    @Override
    public Integer call() throws IOException {
        String p = password;
        if (p == null) {
            Console console = System.console();
            if (console != null) {
                char[] chars = console.readPassword("password: ");
                p = chars == null ? null : new String(chars);
            } else {
                p = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
        if (p == null || p.isEmpty()) {
            System.err.println("tern passwd: no password given");
            return 2;
        }
        if (p.length() > 8) {
            System.err.println("tern passwd: an SMPP password has at most 8 characters (SMPP 3.4 §5.2.2), this one has "
                    + p.length());
            return 2;
        }
        System.out.println(AccountService.hash(p));
        return 0;
    }
}
