package arr.deploy.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, checks and stops the parts of one stack. The single implementation behind
 * {@code deploy/bin/up|down|status} and the integration-test harness.
 *
 * <p>Each part runs as its own process in its own session (so a Ctrl-C meant for a terminal command does
 * not reach it), with its output appended to {@code <state>/logs/<part>.log} and a pid file in
 * {@code <state>/run/}. A part already running and healthy is left alone; one that died is started again.
 */
public final class LocalStack {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final StackSettings settings;
    private final Map<String, String> launcherEnvironment;
    private final LocalPki pki;
    private final CheckpointKeyPair checkpointKeys;
    private final List<Part> startedHere = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LocalStack(StackSettings settings, Map<String, String> launcherEnvironment) {
        this.settings = settings;
        this.launcherEnvironment = Map.copyOf(launcherEnvironment);
        this.pki = new LocalPki(settings.layout().tlsDir());
        this.checkpointKeys = new CheckpointKeyPair(settings.layout().keysDir());
    }

    public StackSettings settings() {
        return settings;
    }

    public CheckpointKeyPair checkpointKeys() {
        return checkpointKeys;
    }

    public LocalPki pki() {
        return pki;
    }

    /** One line of {@code deploy/bin/status}. */
    public record PartStatus(Part part, Optional<Long> pid, int port, boolean healthy) {

        public String line() {
            return healthy
                    ? part.displayName() + " " + pid.map(String::valueOf).orElse("-") + " " + port + " healthy"
                    : part.displayName() + " - " + port + " down";
        }
    }

    /**
     * Starts the wanted parts that are not running and healthy, in dependency order, and waits until each
     * is healthy. Returns the parts it started. On failure, what this call started is stopped again.
     */
    public List<Part> start(Collection<Part> wanted) {
        prepareStateDir();
        StackCredentials credentials = StackCredentials.ensure(settings.layout().credentialsFile(), settings.ports());
        stopCollectorIfTlsRenewed(pki.ensure(), wanted);
        checkpointKeys.ensure();
        new CursorKey(settings.layout().keysDir()).ensure();
        List<Part> started = new ArrayList<>();
        try {
            for (Part part : EnumSet.copyOf(wanted)) {
                if (ensureRunning(partFor(part, credentials))) {
                    started.add(part);
                }
            }
            return started;
        } catch (RuntimeException e) {
            started.forEach(this::stop);
            throw e;
        }
    }

    /**
     * A running collector keeps the TLS files it started with: once they are renewed (about to expire), it is stopped
     * here so that {@link #start} starts it again with the new ones. Until 2026-11-28 it kept serving the old CA and
     * certificate, healthy, and devices using the new files failed their handshakes until someone restarted it.
     */
    void stopCollectorIfTlsRenewed(boolean renewed, Collection<Part> wanted) {
        if (renewed && wanted.contains(Part.COLLECTOR) && new PidFile(settings.layout().pidFile(Part.COLLECTOR)).liveProcess().isPresent()) {
            LOG.info("the local TLS files were renewed; restarting the collector so that it uses them");
            stop(Part.COLLECTOR);
        }
    }

    /** Stops one part and everything it started; nothing happens if it is not running. */
    public void stop(Part part) {
        PidFile pidFile = new PidFile(settings.layout().pidFile(part));
        pidFile.liveProcess().ifPresent(process -> {
            LOG.info("stopping {} (pid {})", part.displayName(), process.pid());
            ProcessTree.stop(process, STOP_GRACE);
        });
        pidFile.delete();
    }

    /** Stops what this object started, newest first (for Ctrl-C during {@code up}). */
    public void stopStartedHere() {
        List<Part> reverse = new ArrayList<>(startedHere);
        java.util.Collections.reverse(reverse);
        reverse.forEach(this::stop);
        startedHere.clear();
    }

    /** Stops every part whose pid file names a live process, services first. */
    public void stopAll() {
        List<Part> reverse = new ArrayList<>(List.of(Part.values()));
        java.util.Collections.reverse(reverse);
        reverse.forEach(this::stop);
    }

    public List<PartStatus> status() {
        List<PartStatus> lines = new ArrayList<>();
        for (Part part : Part.values()) {
            Optional<Long> pid = new PidFile(settings.layout().pidFile(part)).liveProcess().map(ProcessHandle::pid);
            boolean healthy = pid.isPresent() && healthCheck(part).healthy();
            lines.add(new PartStatus(part, pid, settings.ports().primary(part), healthy));
        }
        return lines;
    }

    /** Deletes the data of Kafka and Elasticsearch and the logs; credentials and TLS files stay. */
    public void purgeData() {
        try {
            Path esDir = settings.layout().elasticsearchDir();
            if (Files.isSymbolicLink(esDir)) {
                DistributionCache.deleteTree(Files.readSymbolicLink(esDir));
                Files.delete(esDir);
            } else {
                DistributionCache.deleteTree(esDir);
            }
            DistributionCache.deleteTree(settings.layout().kafkaDir());
            DistributionCache.deleteTree(settings.layout().logsDir());
            DistributionCache.deleteTree(settings.layout().runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stack's data", e);
        }
    }

    /** A part's health check, usable without preparing anything. */
    public StackPart healthCheck(Part part) {
        return switch (part) {
            case KAFKA -> new KafkaBroker(settings);
            case ELASTICSEARCH -> new ElasticsearchNode(settings, launcherEnvironment);
            default -> new ServiceApplication(part, settings, Map.of());
        };
    }

    private StackPart partFor(Part part, StackCredentials credentials) {
        return part.isServer()
                ? healthCheck(part)
                : new ServiceApplication(part, settings, ServiceEnvironment.of(part, settings, pki, checkpointKeys, credentials));
    }

    /** Returns true when it had to start the part. */
    private boolean ensureRunning(StackPart part) {
        PidFile pidFile = new PidFile(settings.layout().pidFile(part.part()));
        Optional<ProcessHandle> running = pidFile.liveProcess();
        if (running.isPresent()) {
            // What a start sets up (the Kafka topics) is made sure of on a running part too: a topic deleted while
            // Kafka ran would otherwise stay missing, with automatic topic creation off.
            if (part.healthy()) {
                LOG.info("{} is already running and healthy (pid {})", part.part().displayName(), running.get().pid());
                part.afterStart();
                return false;
            }
            LOG.info("{} (pid {}) is running but not healthy; waiting for it", part.part().displayName(), running.get().pid());
            if (waitHealthy(part, running.get()).isEmpty()) {
                part.afterStart();
                return false;
            }
            LOG.warn("{} (pid {}) did not become healthy; restarting it", part.part().displayName(), running.get().pid());
            stop(part.part());
        }
        pidFile.delete();
        requireFreePorts(part.part());
        LaunchSpec spec = part.prepare();
        ProcessHandle process = launch(part.part(), spec);
        pidFile.write(process);
        startedHere.add(part.part());
        Optional<String> failure = waitHealthy(part, process);
        if (failure.isPresent()) {
            stop(part.part());
            throw new StackException(failure.get());
        }
        part.afterStart();
        LOG.info("{} is healthy (pid {}, port {})", part.part().displayName(), process.pid(),
                settings.ports().primary(part.part()));
        return true;
    }

    private void requireFreePorts(Part part) {
        for (PortSetting port : settings.ports().of(part)) {
            if (!StackPorts.isFree(port)) {
                throw new StackException("port " + port.port() + " (" + port.description() + ") on " + StackPorts.HOST
                        + " is already in use: stop what uses it, or set " + port.variable() + " to a free port");
            }
        }
    }

    private ProcessHandle launch(Part part, LaunchSpec spec) {
        Path log = settings.layout().logFile(part);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(spec.environment());
        try {
            Files.writeString(log, "---- " + Instant.now() + " starting " + part.displayName() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = builder.start();
            LOG.info("started {} (pid {}), log {}", part.displayName(), process.pid(), log);
            return process.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + part.displayName() + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Polls the health check until it passes; returns the failure message if it never does. */
    private Optional<String> waitHealthy(StackPart part, ProcessHandle process) {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        String name = part.part().displayName();
        Path log = settings.layout().logFile(part.part());
        while (Instant.now().isBefore(deadline)) {
            if (part.healthy()) {
                return Optional.empty();
            }
            if (!process.isAlive()) {
                return Optional.of(name + " (pid " + process.pid() + ") exited before it became healthy; its log is "
                        + log + ", last lines:\n" + LogTail.lastLines(log, 30));
            }
            sleep(POLL);
        }
        return Optional.of(name + " (pid " + process.pid() + ") did not become healthy within "
                + settings.startTimeout().toSeconds() + " s; its log is " + log + ", last lines:\n"
                + LogTail.lastLines(log, 30));
    }

    private void prepareStateDir() {
        try {
            Files.createDirectories(settings.layout().logsDir());
            Files.createDirectories(settings.layout().runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.layout().stateDir(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack", e);
        }
    }
}
