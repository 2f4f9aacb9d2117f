package arr.deploy.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code deploy/bin/up|down|status}: the local stack of CONTRACT.md §1–3 in {@code .local-stack/}
 * ({@code AUDIT_STATE_DIR} moves it) on the contract's ports.
 */
public final class StackCommand {

    private StackCommand() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
        }
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            int exit = switch (command) {
                case "up" -> up(options);
                case "down" -> down(options);
                case "status" -> status();
                case "send" -> send(options);
                default -> usage();
            };
            System.exit(exit);
        } catch (StackException e) {
            System.err.println(command + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static LocalStack localStack() {
        Map<String, String> env = System.getenv();
        Path repoRoot = Path.of(Optional.ofNullable(System.getProperty("arr.repo.root")).orElse("."));
        Path stateDir = Optional.ofNullable(env.get("AUDIT_STATE_DIR")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(repoRoot.resolve(".local-stack"));
        StackLayout layout = new StackLayout(stateDir,
                StackLayout.defaultCacheDir(env, ServerUser.launcherIsRoot()), Optional.of(repoRoot));
        return new LocalStack(StackSettings.localStack(layout, env), env);
    }

    private static int up(List<String> options) {
        Set<Part> parts = EnumSet.allOf(Part.class);
        for (String option : options) {
            if (option.startsWith("--only=")) {
                parts = EnumSet.noneOf(Part.class);
                for (String name : option.substring("--only=".length()).split(",")) {
                    parts.add(Part.fromName(name.trim()));
                }
            } else {
                return usage();
            }
        }
        LocalStack stack = localStack();
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C while starting: stop what this run started; parts that were already running stay.
        Thread onInterrupt = new Thread(() -> {
            if (!finished.get()) {
                System.err.println("up: interrupted, stopping what this run started");
                stack.stopStartedHere();
            }
        }, "stack-up-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        List<Part> started;
        try {
            started = stack.start(parts);
        } finally {
            // On failure start() has already stopped what it started; the hook is for Ctrl-C only.
            finished.set(true);
        }
        printEndpoints(stack, started);
        return 0;
    }

    private static int down(List<String> options) {
        boolean purge = false;
        for (String option : options) {
            if (option.equals("--purge")) {
                purge = true;
            } else {
                return usage();
            }
        }
        LocalStack stack = localStack();
        stack.stopAll();
        if (purge) {
            stack.purgeData();
            System.out.println("stopped; data deleted from " + stack.settings().layout().stateDir()
                    + " (credentials and TLS files kept)");
        } else {
            System.out.println("stopped; data kept in " + stack.settings().layout().stateDir());
        }
        return 0;
    }

    private static int status() {
        List<LocalStack.PartStatus> lines = localStack().status();
        lines.forEach(line -> System.out.println(line.line()));
        return lines.stream().allMatch(LocalStack.PartStatus::healthy) ? 0 : 1;
    }

    private static int send(List<String> options) {
        SampleSender.Protocol protocol = SampleSender.Protocol.TLS;
        List<Path> files = new ArrayList<>();
        for (String option : options) {
            switch (option) {
                case "--tls" -> protocol = SampleSender.Protocol.TLS;
                case "--tcp" -> protocol = SampleSender.Protocol.TCP;
                case "--udp" -> protocol = SampleSender.Protocol.UDP;
                default -> {
                    if (option.startsWith("--")) {
                        System.err.println("send: unknown option " + option + " (--tls, --tcp or --udp)");
                        return usage();
                    }
                    files.add(Path.of(option));
                }
            }
        }
        if (files.isEmpty()) {
            return usage();
        }
        StackSettings settings = localStack().settings();
        StackPorts ports = settings.ports();
        LocalPki pki = new LocalPki(settings.layout().tlsDir());
        int port = switch (protocol) {
            case TLS -> ports.syslogTls();
            case TCP -> ports.syslogTcp();
            case UDP -> ports.syslogUdp();
        };
        List<byte[]> messages = new ArrayList<>();
        for (Path file : files) {
            try {
                messages.add(SampleSender.asSyslog(java.nio.file.Files.readAllBytes(file)));
            } catch (java.io.IOException e) {
                throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        javax.net.ssl.SSLContext tls = protocol == SampleSender.Protocol.TLS
                ? SampleSender.clientContext(pki.deviceCertificate(), pki.deviceKey(), pki.caCertificate()) : null;
        try {
            new SampleSender(StackPorts.HOST, port, protocol, tls).send(messages);
        } catch (java.io.IOException e) {
            throw new StackException("the collector at " + StackPorts.HOST + ":" + port + " (" + protocol
                    + ") refused: " + e.getMessage(), e);
        }
        System.out.println("sent " + messages.size() + " message(s) over " + protocol + " to " + StackPorts.HOST + ":" + port);
        return 0;
    }

    private static void printEndpoints(LocalStack stack, List<Part> started) {
        StackSettings settings = stack.settings();
        StackPorts ports = settings.ports();
        StackLayout layout = settings.layout();
        List<String> lines = new ArrayList<>();
        lines.add(started.isEmpty() ? "Everything was already running." : "Started: "
                + String.join(", ", started.stream().map(Part::displayName).toList()) + ".");
        lines.add("  syslog TLS (mutual)  " + StackPorts.HOST + ":" + ports.syslogTls()
                + "  device certificate " + stack.pki().deviceCertificate());
        lines.add("  syslog TCP / UDP     " + StackPorts.HOST + ":" + ports.syslogTcp() + " / " + ports.syslogUdp());
        lines.add("  query API            http://" + StackPorts.HOST + ":" + ports.api());
        lines.add("  management           http://" + StackPorts.HOST + ":" + ports.collectorManagement()
                + " (collector), http://" + StackPorts.HOST + ":" + ports.indexerManagement() + " (indexer)");
        lines.add("  Elasticsearch        " + ports.elasticsearchUrl());
        lines.add("  Kafka                " + ports.kafkaBootstrap());
        lines.add("  credentials          " + layout.credentialsFile());
        lines.add("  logs                 " + layout.logsDir());
        lines.forEach(System.out::println);
    }

    private static int usage() {
        System.err.println("usage: up [--only=kafka,elasticsearch,...] | down [--purge] | status | send [--tls|--tcp|--udp] FILE...");
        System.exit(2);
        return 2;
    }
}
