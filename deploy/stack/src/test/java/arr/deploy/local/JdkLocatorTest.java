package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {

    @TempDir
    Path jvm;

    @Test
    void esJavaHomeWinsWhenItIsNewEnough() throws Exception {
        Path jdk25 = fakeJdk("temurin-25", 25);
        fakeJdk("other-21", 21);
        assertThat(new JdkLocator(Map.of("ES_JAVA_HOME", jdk25.toString()), jvm).locate()).isEqualTo(jdk25);
    }

    @Test
    void anOldEsJavaHomeIsAnErrorNamingIt() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", 17);
        fakeJdk("temurin-25", 25);
        assertThatThrownBy(() -> new JdkLocator(Map.of("ES_JAVA_HOME", jdk17.toString()), jvm).locate())
                .isInstanceOf(StackException.class).hasMessageContaining("ES_JAVA_HOME").hasMessageContaining("17");
    }

    @Test
    void javaHomeIsUsedWhenNewEnoughElseTheNewestInstalledJdk() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", 17);
        Path jdk21 = fakeJdk("jdk-21", 21);
        Path jdk25 = fakeJdk("temurin-25", 25);
        assertThat(new JdkLocator(Map.of("JAVA_HOME", jdk21.toString()), jvm).locate()).isEqualTo(jdk21);
        assertThat(new JdkLocator(Map.of("JAVA_HOME", jdk17.toString()), jvm).locate()).isEqualTo(jdk25);
    }

    @Test
    void noJdk21AnywhereIsAnErrorNamingEsJavaHome() throws Exception {
        fakeJdk("jdk-17", 17);
        assertThatThrownBy(() -> new JdkLocator(Map.of(), jvm).locate())
                .isInstanceOf(StackException.class).hasMessageContaining("set ES_JAVA_HOME");
    }

    private Path fakeJdk(String name, int feature) throws Exception {
        Path home = jvm.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + feature + ".0.2\"\n");
        return home;
    }
}
