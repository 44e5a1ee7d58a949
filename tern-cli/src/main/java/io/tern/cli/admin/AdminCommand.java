package io.tern.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tern.cli.admin.AdminClient.AdminCallException;
import io.tern.smsc.admin.AdminTokens;
import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.store.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern admin ...}: changes a running Tern through its admin API (docs/operations.md#admin-api),
 * and {@code tern admin token create} makes the token it needs, in the server's data directory. A
 * refused change prints the server's message (naming the field at fault) and exits 1.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administer a running Tern: accounts, routes, connectors, distribution lists, handsets, audit"
                + " log, export.",
        subcommands = {AdminCommand.Token.class, AdminCommand.Account.class, AdminCommand.Route.class,
            AdminCommand.Connector.class, AdminCommand.Handset.class, AdminCommand.DistributionList.class,
            AdminCommand.Audit.class,
            AdminCommand.Export.class})
public final class AdminCommand implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A command made of subcommands: alone, it prints its usage. */
    abstract static class Group implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    /** A command that calls the admin API: where it is, and the token. */
    abstract static class ApiCommand implements Callable<Integer> {

        @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:TERN_ADMIN_URL:-http://127.0.0.1:8080}",
                description = "Tern's HTTP listener (default: $TERN_ADMIN_URL or ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Admin token (default: $TERN_ADMIN_TOKEN).")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "Read the admin token from FILE.")
        Path tokenFile;

        PrintStream out = System.out;
        PrintStream err = System.err;

        abstract void run(AdminClient client) throws AdminCallException, IOException;

        @Override
        public Integer call() {
            String t = token;
            try {
                if (t == null && tokenFile != null) {
                    t = Files.readString(tokenFile).trim();
                }
            } catch (IOException e) {
                err.println("tern: admin: cannot read the token file " + tokenFile + ": " + e.getMessage());
                return 2;
            }
            if (t == null) {
                t = System.getenv("TERN_ADMIN_TOKEN");
            }
            if (t == null || t.isBlank()) {
                err.println("tern: admin: no admin token: give --token, --token-file or TERN_ADMIN_TOKEN"
                        + " (make one with: tern admin token create --data DIR)");
                return 2;
            }
            try {
                run(new AdminClient(url, t));
                return 0;
            } catch (AdminCallException e) {
                err.println("tern: admin: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException | IOException e) {
                err.println("tern: admin: " + e.getMessage());
                return 2;
            }
        }

        /** Prints an answer: JSON indented, anything else as it came. */
        void print(String body) {
            if (body == null || body.isEmpty()) {
                return;
            }
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body)));
            } catch (IOException e) {
                out.print(body);
            }
        }
    }

    /** A read without parameters: GET of a fixed path, printed. */
    abstract static class Read extends ApiCommand {
        private final String path;

        Read(String path) {
            this.path = path;
        }

        @Override
        void run(AdminClient client) throws AdminCallException {
            print(client.call("GET", path, null));
        }
    }

    /**
     * A call on one named item (an account's system_id, a connector's name) without a body: the
     * answer printed, or for a removal a line saying it is gone.
     */
    abstract static class OnName extends ApiCommand {
        private final String method;
        private final String template;
        private final String done;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        /** @param template the path with {@code %s} for the name */
        OnName(String method, String template) {
            this(method, template, null);
        }

        /** @param done the line printed instead of the answer, {@code %s} for the name (null: the answer) */
        OnName(String method, String template, String done) {
            this.method = method;
            this.template = template;
            this.done = done;
        }

        @Override
        void run(AdminClient client) throws AdminCallException {
            String answer = client.call(method, template.formatted(path(name)), null);
            if (done == null) {
                print(answer);
            } else {
                out.println("tern: " + done.formatted(name));
            }
        }
    }

    /** A DELETE of one named item, then a line saying it is gone. */
    abstract static class Removal extends OnName {
        Removal(String template, String done) {
            super("DELETE", template, done);
        }
    }

    /** {@code --set key=value}: the value read as YAML, so {@code throughput={rate: 10}} is a mapping. */
    static ObjectNode settings(List<String> sets) {
        ObjectNode o = NODES.objectNode();
        for (String s : sets == null ? List.<String>of() : sets) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--set wants KEY=VALUE, was '" + s + "'");
            }
            String value = s.substring(eq + 1);
            JsonNode v;
            try {
                v = value.isEmpty() ? NODES.nullNode() : YAML.readTree(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("--set " + s.substring(0, eq) + ": not a YAML value: " + value);
            }
            o.set(s.substring(0, eq), v == null || v.isMissingNode() ? NODES.nullNode() : v);
        }
        return o;
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A password from {@code --password} or the first line of {@code --password-file}. */
    static String password(String password, Path file) throws IOException {
        if (file != null) {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(0);
        }
        if (password == null) {
            throw new IllegalArgumentException("give --password or --password-file");
        }
        return password;
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Admin tokens.",
            subcommands = Token.Create.class)
    static final class Token extends Group {

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Make an admin token in the server's data directory and print it (once).")
        static final class Create implements Callable<Integer> {
            @Option(names = "--name", defaultValue = "admin", description = "The token's name: the actor in the audit"
                    + " log (default: ${DEFAULT-VALUE}).")
            String name;

            @Option(names = "--config", paramLabel = "FILE", description = "The server's configuration (its data"
                    + " directory is used).")
            Path configFile;

            @Option(names = "--data", paramLabel = "DIR", defaultValue = "tern-data",
                    description = "The server's data directory when no --config is given (default: ${DEFAULT-VALUE}).")
            Path dataDir;

            @Override
            public Integer call() {
                Path dir;
                try {
                    dir = configFile != null ? ConfigLoader.load(configFile).store().dataDir() : dataDir;
                } catch (ConfigException e) {
                    System.err.println("tern: configuration error: " + e.getMessage());
                    return 2;
                }
                if (!Files.isDirectory(dir)) {
                    // a mistyped --data would otherwise get a token the server never reads
                    System.err.println("tern: admin: data directory " + dir + " does not exist (start tern serve once,"
                            + " or give the server's --data or --config)");
                    return 2;
                }
                try {
                    String token = AdminTokens.create(dir, name, Instant.now());
                    System.out.println(token);
                    System.err.println("tern: admin token '" + name + "' created; only its hash is kept in "
                            + dir.resolve(AdminTokens.FILE) + ": keep the token now");
                    return 0;
                } catch (IllegalArgumentException e) {
                    System.err.println("tern: admin: " + e.getMessage());
                    return 1;
                } catch (IOException e) {
                    System.err.println("tern: admin: cannot write the token in " + dir + ": " + e.getMessage());
                    return 1;
                }
            }
        }
    }

    @Command(name = "account", mixinStandardHelpOptions = true, description = "ESME accounts.",
            subcommands = {Account.ListAll.class, Account.Show.class, Account.Create.class, Account.Update.class,
                Account.Throughput.class, Account.Ips.class, Account.Addresses.class, Account.Disable.class,
                Account.Enable.class, Account.Unbind.class, Account.Password.class, Account.Delete.class,
                Account.ApiKey.class})
    static final class Account extends Group {

        @Command(name = "list", description = "Every account (secrets masked).")
        static final class ListAll extends Read {
            ListAll() {
                super("/accounts");
            }
        }

        @Command(name = "show", description = "One account, with its sessions bound now.")
        static final class Show extends OnName {
            Show() {
                super("GET", "/accounts/%s");
            }
        }

        @Command(name = "create", description = "Create an account; it can bind at once.")
        static final class Create extends ApiCommand {
            @Parameters(paramLabel = "SYSTEM_ID")
            String systemId;
            @Option(names = "--password", description = "Its password (6..8 characters; prefer --password-file).")
            String password;
            @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from FILE.")
            Path passwordFile;
            @Option(names = "--bind-types", split = ",", paramLabel = "TYPE", description = "tx, rx, trx (default all).")
            List<String> bindTypes;
            @Option(names = "--max-binds", paramLabel = "N")
            Integer maxBinds;
            @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Throughput limit.")
            Double rate;
            @Option(names = "--burst", paramLabel = "N")
            Integer burst;
            @Option(names = "--allowed-ip", paramLabel = "CIDR", description = "Client address range (repeatable).")
            List<String> allowedIps;
            @Option(names = "--address", paramLabel = "PATTERN", description = "Owned address (repeatable).")
            List<String> addresses;
            @Option(names = "--source-address", paramLabel = "PATTERN", description = "Allowed source (repeatable).")
            List<String> sourceAddresses;
            @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other account key (repeatable).")
            List<String> sets;

            @Override
            void run(AdminClient c) throws AdminCallException, IOException {
                ObjectNode a = settings(sets);
                a.put("system_id", systemId);
                a.put("password", password(password, passwordFile));
                if (bindTypes != null) {
                    bindTypes.forEach(a.putArray("bind_types")::add);
                }
                if (maxBinds != null) {
                    a.put("max_binds", maxBinds);
                }
                if (rate != null) {
                    ObjectNode t = a.putObject("throughput").put("rate", rate);
                    if (burst != null) {
                        t.put("burst", burst);
                    }
                }
                list(a, "allowed_ips", allowedIps);
                list(a, "addresses", addresses);
                list(a, "source_addresses", sourceAddresses);
                print(c.call("POST", "/accounts", a));
            }
        }

        private static void list(ObjectNode o, String key, List<String> values) {
            if (values != null) {
                values.forEach(o.putArray(key)::add);
            }
        }

        @Command(name = "update", description = "Change account keys: --set key=value (an empty value restores the"
                + " default).")
        static final class Update extends ApiCommand {
            @Parameters(paramLabel = "SYSTEM_ID")
            String systemId;
            @Option(names = "--set", paramLabel = "KEY=VALUE", required = true)
            List<String> sets;

            @Override
            void run(AdminClient c) throws AdminCallException {
                print(c.call("PATCH", "/accounts/" + path(systemId), settings(sets)));
            }
        }

        @Command(name = "throughput", description = "Set (or with --unlimited remove) the throughput limit.")
        static final class Throughput extends ApiCommand {
            @Parameters(paramLabel = "SYSTEM_ID")
            String systemId;
            @Option(names = "--rate", paramLabel = "PER_SECOND")
            Double rate;
            @Option(names = "--burst", paramLabel = "N")
            Integer burst;
            @Option(names = "--unlimited")
            boolean unlimited;

            @Override
            void run(AdminClient c) throws AdminCallException {
                ObjectNode patch = NODES.objectNode();
                if (unlimited) {
                    patch.putNull("throughput");
                } else if (rate == null) {
                    throw new IllegalArgumentException("give --rate or --unlimited");
                } else {
                    ObjectNode t = patch.putObject("throughput").put("rate", rate);
                    if (burst != null) {
                        t.put("burst", burst);
                    }
                }
                print(c.call("PATCH", "/accounts/" + path(systemId), patch));
            }
        }

        @Command(name = "ips", description = "Set the client address ranges (CIDR) it may bind from; none: any.")
        static final class Ips extends ApiCommand {
            @Parameters(index = "0", paramLabel = "SYSTEM_ID")
            String systemId;
            @Parameters(index = "1..*", paramLabel = "CIDR", arity = "0..*")
            List<String> ranges;

            @Override
            void run(AdminClient c) throws AdminCallException {
                print(c.call("PATCH", "/accounts/" + path(systemId), listPatch("allowed_ips", ranges)));
            }
        }

        @Command(name = "addresses", description = "Set the addresses it owns (patterns); none: no addresses.")
        static final class Addresses extends ApiCommand {
            @Parameters(index = "0", paramLabel = "SYSTEM_ID")
            String systemId;
            @Parameters(index = "1..*", paramLabel = "PATTERN", arity = "0..*")
            List<String> patterns;

            @Override
            void run(AdminClient c) throws AdminCallException {
                print(c.call("PATCH", "/accounts/" + path(systemId), listPatch("addresses", patterns)));
            }
        }

        private static ObjectNode listPatch(String key, List<String> values) {
            ObjectNode patch = NODES.objectNode();
            if (values == null || values.isEmpty()) {
                patch.putNull(key);
            } else {
                list(patch, key, values);
            }
            return patch;
        }

        @Command(name = "disable", description = "Disable: its sessions are unbound, its binds refused.")
        static final class Disable extends OnName {
            Disable() {
                super("POST", "/accounts/%s/disable");
            }
        }

        @Command(name = "enable", description = "Enable a disabled account.")
        static final class Enable extends OnName {
            Enable() {
                super("POST", "/accounts/%s/enable");
            }
        }

        @Command(name = "unbind", description = "Unbind its sessions on this node now; it may bind again.")
        static final class Unbind extends OnName {
            Unbind() {
                super("POST", "/accounts/%s/unbind");
            }
        }

        @Command(name = "password", description = "Reset the password; bound sessions stay.")
        static final class Password extends ApiCommand {
            @Parameters(paramLabel = "SYSTEM_ID")
            String systemId;
            @Option(names = "--password")
            String password;
            @Option(names = "--password-file", paramLabel = "FILE")
            Path passwordFile;

            @Override
            void run(AdminClient c) throws AdminCallException, IOException {
                ObjectNode body = NODES.objectNode().put("password", password(password, passwordFile));
                print(c.call("POST", "/accounts/" + path(systemId) + "/password", body));
            }
        }

        @Command(name = "api-key", description = "The account's API keys for the HTTP API: list, create [LABEL],"
                + " revoke KEY_ID. A new key's token is printed once.")
        static final class ApiKey extends ApiCommand {
            @Parameters(index = "0", paramLabel = "ACTION", description = "list, create or revoke")
            String action;
            @Parameters(index = "1", paramLabel = "SYSTEM_ID")
            String systemId;
            @Parameters(index = "2", paramLabel = "LABEL|KEY_ID", arity = "0..1")
            String argument;

            @Override
            void run(AdminClient c) throws AdminCallException {
                String keys = "/accounts/" + path(systemId) + "/api-keys";
                switch (action) {
                    case "list" -> print(c.call("GET", keys, null));
                    case "create" -> print(c.call("POST", keys, NODES.objectNode().put("label", argument)));
                    case "revoke" -> {
                        if (argument == null) {
                            throw new IllegalArgumentException("revoke needs the KEY_ID (see api-key list)");
                        }
                        c.call("DELETE", keys + "/" + path(argument), null);
                        out.println("tern: API key " + argument + " of " + systemId + " revoked");
                    }
                    default -> throw new IllegalArgumentException("ACTION must be list, create or revoke, was '"
                            + action + "'");
                }
            }
        }

        @Command(name = "delete", description = "Delete an account (refused while a route names it).")
        static final class Delete extends Removal {
            Delete() {
                super("/accounts/%s", "account %s deleted");
            }
        }
    }

    @Command(name = "route", mixinStandardHelpOptions = true, description = "The route table.",
            subcommands = {Route.ListAll.class, Route.Add.class, Route.Remove.class})
    static final class Route extends Group {

        @Command(name = "list", description = "The routes in order (the first match wins).")
        static final class ListAll extends Read {
            ListAll() {
                super("/routes");
            }
        }

        @Command(name = "add", description = "Add a route; new messages are routed by it at once.")
        static final class Add extends ApiCommand {
            @Option(names = "--target", required = true,
                    description = "sim, esme:SYSTEM_ID, connector:NAME, group:NAME or reject:ESME_R...")
            String target;
            @Option(names = "--destination", paramLabel = "PATTERN")
            String destination;
            @Option(names = "--source", paramLabel = "PATTERN")
            String source;
            @Option(names = "--account", paramLabel = "SYSTEM_ID")
            String account;
            @Option(names = "--service-type")
            String serviceType;
            @Option(names = "--position", paramLabel = "N", description = "Insert at N (0 = first; default last).")
            Integer position;

            @Override
            void run(AdminClient c) throws AdminCallException {
                ObjectNode r = NODES.objectNode();
                putIfSet(r, "destination", destination);
                putIfSet(r, "source", source);
                putIfSet(r, "account", account);
                putIfSet(r, "service_type", serviceType);
                r.put("target", target);
                print(c.call("POST", "/routes" + (position != null ? "?position=" + position : ""), r));
            }

            private static void putIfSet(ObjectNode o, String key, String value) {
                if (value != null) {
                    o.put(key, value);
                }
            }
        }

        @Command(name = "remove", description = "Remove the route at INDEX (as route list numbers them from 0).")
        static final class Remove extends ApiCommand {
            @Parameters(paramLabel = "INDEX")
            int index;

            @Override
            void run(AdminClient c) throws AdminCallException {
                print(c.call("DELETE", "/routes/" + index, null));
            }
        }
    }

    @Command(name = "connector", mixinStandardHelpOptions = true, description = "Upstream SMSC connectors.",
            subcommands = {Connector.ListAll.class, Connector.Show.class, Connector.Add.class, Connector.Update.class,
                Connector.Enable.class, Connector.Disable.class, Connector.Remove.class})
    static final class Connector extends Group {

        @Command(name = "list", description = "Every connector (passwords masked).")
        static final class ListAll extends Read {
            ListAll() {
                super("/connectors");
            }
        }

        @Command(name = "show", description = "One connector.")
        static final class Show extends OnName {
            Show() {
                super("GET", "/connectors/%s");
            }
        }

        @Command(name = "add", description = "Add a connector; it binds at once.")
        static final class Add extends ApiCommand {
            @Parameters(paramLabel = "NAME")
            String name;
            @Option(names = "--host", required = true)
            String host;
            @Option(names = "--port")
            Integer port;
            @Option(names = "--system-id", required = true)
            String systemId;
            @Option(names = "--password", description = "The bind password (prefer --password-file).")
            String password;
            @Option(names = "--password-file", paramLabel = "FILE")
            Path passwordFile;
            @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other connector key (repeatable).")
            List<String> sets;

            @Override
            void run(AdminClient c) throws AdminCallException, IOException {
                ObjectNode o = settings(sets);
                o.put("name", name);
                o.put("host", host);
                if (port != null) {
                    o.put("port", port);
                }
                o.put("system_id", systemId);
                o.put("password", password(password, passwordFile));
                print(c.call("POST", "/connectors", o));
            }
        }

        @Command(name = "update", description = "Change connector keys: --set key=value; it rebinds.")
        static final class Update extends ApiCommand {
            @Parameters(paramLabel = "NAME")
            String name;
            @Option(names = "--set", paramLabel = "KEY=VALUE", required = true)
            List<String> sets;

            @Override
            void run(AdminClient c) throws AdminCallException {
                print(c.call("PATCH", "/connectors/" + path(name), settings(sets)));
            }
        }

        @Command(name = "enable", description = "Enable (bind) a connector.")
        static final class Enable extends OnName {
            Enable() {
                super("POST", "/connectors/%s/enable");
            }
        }

        @Command(name = "disable", description = "Disable (unbind) a connector; its messages wait.")
        static final class Disable extends OnName {
            Disable() {
                super("POST", "/connectors/%s/disable");
            }
        }

        @Command(name = "remove", description = "Remove a connector (refused while a route or group names it).")
        static final class Remove extends Removal {
            Remove() {
                super("/connectors/%s", "connector %s removed");
            }
        }
    }

    @Command(name = "handset", mixinStandardHelpOptions = true, description = "The virtual handset network:"
            + " presence, replies, and messages a handset sends (MO).")
    static final class Handset extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ACTION", description = "show MSISDN, present MSISDN, absent MSISDN,"
                + " mo MSISDN --to ADDR --text T, reply PATTERN --text T --probability P, unreply PATTERN, replies")
        String action;
        @Parameters(index = "1", arity = "0..1", paramLabel = "MSISDN|PATTERN",
                description = "A number; for reply and unreply a number or a prefix ending in *.")
        String msisdn;
        @Option(names = "--to", paramLabel = "ADDR", description = "mo: the address the handset sends to.")
        String to;
        @Option(names = "--text", description = "mo: the message; reply: what the handsets answer.")
        String text;
        @Option(names = "--probability", paramLabel = "P",
                description = "reply: the share of accepted messages answered, 0..1 (0.01 = 1 %).")
        Double probability;

        @Override
        void run(AdminClient c) throws AdminCallException {
            if (action.equals("replies")) {
                print(c.call("GET", "/handset-replies", null));
                return;
            }
            if (msisdn == null) {
                throw new IllegalArgumentException("handset " + action + " needs a MSISDN or PATTERN");
            }
            switch (action) {
                case "show" -> print(c.call("GET", "/handsets/" + path(msisdn), null));
                case "present", "absent" -> print(c.call("PUT", "/handsets/" + path(msisdn),
                        NODES.objectNode().put("present", action.equals("present"))));
                case "mo" -> print(c.call("POST", "/handsets/" + path(msisdn) + "/mo",
                        NODES.objectNode().put("to", required(to, "--to")).put("text", required(text, "--text"))));
                case "reply" -> {
                    if (probability == null) {
                        throw new IllegalArgumentException("handset reply needs --probability (0..1)");
                    }
                    print(c.call("PUT", "/handset-replies", NODES.objectNode().put("pattern", msisdn)
                            .put("text", required(text, "--text")).put("probability", probability)));
                }
                case "unreply" -> {
                    c.call("DELETE", "/handset-replies/" + path(msisdn), null);
                    out.println("tern: handsets " + msisdn + " answer as their range says again");
                }
                default -> throw new IllegalArgumentException("ACTION must be show, present, absent, mo, reply,"
                        + " unreply or replies, was '" + action + "'");
            }
        }

        private String required(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException("handset " + action + " needs " + option);
            }
            return value;
        }
    }

    @Command(name = "distribution-list", aliases = "dl", mixinStandardHelpOptions = true,
            description = "Distribution lists of submit_multi (dest_flag 2); a change applies to the next submit_multi.",
            subcommands = {DistributionList.ListAll.class, DistributionList.Show.class, DistributionList.Create.class,
                DistributionList.Members.class, DistributionList.Delete.class})
    static final class DistributionList extends Group {

        @Command(name = "list", description = "Every distribution list with its members.")
        static final class ListAll extends Read {
            ListAll() {
                super("/distribution-lists");
            }
        }

        @Command(name = "show", description = "One distribution list.")
        static final class Show extends OnName {
            Show() {
                super("GET", "/distribution-lists/%s");
            }
        }

        @Command(name = "create", description = "Create a list: NAME (1..20 characters) and its members"
                + " (international numbers, digits only).")
        static final class Create extends ApiCommand {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "MEMBER")
            List<String> members;

            @Override
            void run(AdminClient c) throws AdminCallException {
                ObjectNode body = NODES.objectNode().put("name", name);
                members.forEach(body.putArray("members")::add);
                print(c.call("POST", "/distribution-lists", body));
            }
        }

        @Command(name = "members", description = "Replace the members of list NAME.")
        static final class Members extends ApiCommand {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "MEMBER")
            List<String> members;

            @Override
            void run(AdminClient c) throws AdminCallException {
                com.fasterxml.jackson.databind.node.ArrayNode body = NODES.arrayNode();
                members.forEach(body::add);
                print(c.call("PUT", "/distribution-lists/" + path(name) + "/members", body));
            }
        }

        @Command(name = "delete", description = "Delete list NAME; a submit_multi naming it is then refused"
                + " (ESME_RINVDLNAME).")
        static final class Delete extends Removal {
            Delete() {
                super("/distribution-lists/%s", "distribution list %s deleted");
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log, newest first.")
    static final class Audit extends ApiCommand {
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        void run(AdminClient c) throws AdminCallException {
            print(c.call("GET", "/audit?limit=" + limit, null));
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "The running configuration as YAML that tern serve --config accepts (it holds secrets).")
    static final class Export extends ApiCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (0600) instead of"
                + " standard output.")
        Path output;

        @Override
        void run(AdminClient c) throws AdminCallException, IOException {
            String yaml = c.call("GET", "/export", null);
            if (output == null) {
                out.print(yaml);
            } else {
                PrivateFiles.writeString(output, yaml);
                err.println("tern: configuration written to " + output);
            }
        }
    }
}
