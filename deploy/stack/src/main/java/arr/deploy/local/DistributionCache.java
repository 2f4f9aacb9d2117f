package arr.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks the Elasticsearch distribution once into the cache, outside the repository, readable by every
 * user (the node runs unprivileged). Unpacking goes to a temporary folder renamed into place, under a
 * file lock, so an interrupted or concurrent unpack never leaves a half-filled home.
 */
public final class DistributionCache {

    private final Path cacheDir;

    public DistributionCache(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Path elasticsearchHome(Distributions dists) {
        Path home = cacheDir.resolve("elasticsearch-" + dists.elasticsearchVersion());
        if (Files.isExecutable(home.resolve("bin").resolve("elasticsearch"))) {
            return home;
        }
        try {
            Files.createDirectories(cacheDir);
            openUp(cacheDir);
            try (FileChannel channel = FileChannel.open(cacheDir.resolve(".unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isExecutable(home.resolve("bin").resolve("elasticsearch"))) {
                    unpack(dists.elasticsearchZip(), home);
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + dists.elasticsearchZip() + " into " + cacheDir, e);
        }
    }

    private void unpack(Path zip, Path home) throws IOException {
        Path temp = cacheDir.resolve(".unpacking-" + UUID.randomUUID());
        Files.createDirectories(temp);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                // The archive holds one top folder (elasticsearch-9.x.y/); drop it.
                String name = entry.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1);
                if (relative.isEmpty()) {
                    continue;
                }
                Path target = temp.resolve(relative).normalize();
                if (!target.startsWith(temp)) {
                    throw new IOException("unsafe entry " + name + " in " + zip);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                }
            }
        }
        setPermissions(temp);
        try {
            Files.move(temp, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(temp);
            throw e;
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Folders 755, files 644, scripts in bin/ 755: java.util.zip does not carry Unix modes. */
    private static void setPermissions(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                boolean executable = file.getParent().getFileName().toString().equals("bin");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void openUp(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            // A shared cache owned by someone else: readable is all that matters, and unpack will tell.
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
