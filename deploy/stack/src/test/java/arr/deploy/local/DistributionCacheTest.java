package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionCacheTest {

    @TempDir
    Path dir;

    @Test
    void unpacksOnceWithoutTheTopFolderAndMakesScriptsExecutable() throws Exception {
        Path zip = zip("elasticsearch-1.0/bin/elasticsearch", "elasticsearch-1.0/lib/a.jar");
        Distributions dists = new Distributions("0", "", "1.0", zip);
        Path home = new DistributionCache(dir.resolve("cache")).elasticsearchHome(dists);
        assertThat(home).isEqualTo(dir.resolve("cache/elasticsearch-1.0"));
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/elasticsearch")))
                .contains(PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_READ);
        assertThat(Files.getPosixFilePermissions(home.resolve("lib/a.jar"))).contains(PosixFilePermission.OTHERS_READ)
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE);

        Files.delete(zip);
        assertThat(new DistributionCache(dir.resolve("cache")).elasticsearchHome(dists)).isEqualTo(home);
    }

    @Test
    void refusesAnEntryThatEscapesTheCache() throws Exception {
        Path zip = zip("elasticsearch-2.0/bin/elasticsearch", "elasticsearch-2.0/../../escaped");
        Distributions dists = new Distributions("0", "", "2.0", zip);
        assertThatThrownBy(() -> new DistributionCache(dir.resolve("cache")).elasticsearchHome(dists))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("unsafe entry elasticsearch-2.0/../../escaped in " + zip);
        assertThat(dir.resolve("escaped")).doesNotExist();
        assertThat(dir.resolve("cache/elasticsearch-2.0")).doesNotExist();
    }

    private Path zip(String... entries) throws Exception {
        Path zip = dir.resolve("dist.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zipOut.putNextEntry(new ZipEntry(entry));
                zipOut.write(entry.getBytes(StandardCharsets.UTF_8));
                zipOut.closeEntry();
            }
        }
        return zip;
    }
}
