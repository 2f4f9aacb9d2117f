package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The account that runs Elasticsearch, which refuses to run as root. When the launcher is root, an
 * unprivileged system user ({@code AUDIT_ES_USER}, default {@code audit-es}) is created if missing and
 * the process is started through {@code setpriv}; otherwise Elasticsearch runs as the launcher's user.
 */
public final class ServerUser {

    public static final String DEFAULT_NAME = "audit-es";

    private final String name;
    private final boolean switchUser;

    private ServerUser(String name, boolean switchUser) {
        this.name = name;
        this.switchUser = switchUser;
    }

    public static boolean launcherIsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static ServerUser forElasticsearch(Map<String, String> env) {
        if (!launcherIsRoot()) {
            return new ServerUser(System.getProperty("user.name"), false);
        }
        String name = env.getOrDefault("AUDIT_ES_USER", DEFAULT_NAME);
        ServerUser user = new ServerUser(name, true);
        user.createIfMissing();
        return user;
    }

    public String name() {
        return name;
    }

    /** The command prefix that runs a program as this user. */
    public List<String> commandPrefix() {
        return switchUser
                ? List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "--")
                : List.of();
    }

    /** Makes the user the owner of everything under {@code dir} (nothing to do when no switch happens). */
    public void takeOwnership(Path dir) {
        if (!switchUser) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(name);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    own(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    own(file);
                    return FileVisitResult.CONTINUE;
                }

                private void own(Path p) throws IOException {
                    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    view.setOwner(owner);
                    view.setGroup(group);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + dir + " to user " + name, e);
        }
    }

    /** Whether this user can reach {@code dir}: every folder above it must be searchable by others. */
    public boolean canReach(Path dir) {
        if (!switchUser) {
            return true;
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private void createIfMissing() {
        if (run(List.of("id", "-u", name)) == 0) {
            return;
        }
        int status = run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name));
        if (status != 0 && run(List.of("id", "-u", name)) != 0) {
            throw new StackException("cannot create the unprivileged user '" + name + "' that runs Elasticsearch "
                    + "(useradd exit " + status + "); create it or set AUDIT_ES_USER to an existing one");
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
