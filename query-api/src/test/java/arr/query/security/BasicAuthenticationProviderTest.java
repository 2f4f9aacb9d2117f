package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import arr.query.config.LoginThrottleConfig;
import arr.query.config.UsersConfig;
import arr.query.selfaudit.QueryApiAuditMessages;
import arr.query.selfaudit.SelfAuditor;
import arr.schemas.selfaudit.OwnEventPublisher;
import arr.schemas.validation.AuditMessageValidator;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class BasicAuthenticationProviderTest {

    private static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(password.toCharArray(), salt, 4);
    }

    /**
     * A client sending many requests at once with a password already verified is not refused: such a check costs no
     * BCrypt and takes none of the throttle's slots for checks in flight (five here, all taken by other checks).
     */
    @Test
    void aPasswordVerifiedBeforeIsAcceptedWhileTheThrottleHasNoSlotLeft() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                Clock.systemUTC());
        BasicAuthenticationProvider<Object> provider = new BasicAuthenticationProvider<>(new ConfiguredUsers(new UsersConfig(
                "officer", bcrypt("o-secret"), "auditor", bcrypt("a-secret"), "admin", bcrypt("x-secret"))),
                new PasswordVerifier(), throttle, null, (DirectoryAccounts) null, BasicAuthenticationProvider.SLOT_WAIT);
        HttpRequest<Object> request = HttpRequest.GET("http://127.0.0.1:8080/api/v1/events");
        String address = ClientAddress.of(request);
        AuthenticationRequest<String, String> login = new UsernamePasswordCredentials("auditor", "a-secret");
        assertThat(provider.authenticate(request, login).isAuthenticated()).isTrue();

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.begin("auditor", address)).isTrue();
        }

        assertThat(provider.authenticate(request, login).isAuthenticated()).isTrue();
        assertThat(throttle.begin("auditor", address)).as("still no slot for a check that costs BCrypt").isFalse();
    }

    /**
     * A right password that meets the limit of checks in flight waits for a slot and is accepted, instead of the 401 a
     * client's sixth parallel first request got until 2026-11-28.
     */
    @Test
    void aRightPasswordWaitsForASlotWhileOtherChecksRun() throws Exception {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                Clock.systemUTC());
        BasicAuthenticationProvider<Object> provider = new BasicAuthenticationProvider<>(new ConfiguredUsers(new UsersConfig(
                "officer", bcrypt("o-secret"), "auditor", bcrypt("a-secret"), "admin", bcrypt("x-secret"))),
                new PasswordVerifier(), throttle, null, (DirectoryAccounts) null, BasicAuthenticationProvider.SLOT_WAIT);
        HttpRequest<Object> request = HttpRequest.GET("http://127.0.0.1:8080/api/v1/events");
        String address = ClientAddress.of(request);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.begin("officer", address)).isTrue();
        }
        var login = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                provider.authenticate(request, new UsernamePasswordCredentials("officer", "o-secret")).isAuthenticated());
        Thread.sleep(200);
        assertThat(login).as("waiting for a slot").isNotDone();
        throttle.end("officer", address, true);
        assertThat(login.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    /**
     * With a directory: its users sign in under the name their entry gives; a wrong directory password is a failed login
     * (counted, recorded); a directory that cannot be asked is no verdict (neither counted nor recorded as a failed
     * login, so its outage locks nobody out); a directory user named like a configured account is refused.
     */
    @Test
    void directoryLoginsAreCheckedByTheDirectoryAndItsOutageCountsAsNoFailure(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                Clock.systemUTC());
        MockProducer<String, byte[]> kafka = kafka();
        ExecutorService background = Executors.newSingleThreadExecutor();
        SelfAuditor selfAuditor = selfAuditor(kafka, background);
        try (TestDirectory directory = new TestDirectory(dir, java.util.List.of("localhost"))) {
            directory.addUser("Alice.Smith", "a-secret", TestDirectory.OFFICERS);
            directory.addUser("officer", "o-directory", TestDirectory.ADMINS);
            BasicAuthenticationProvider<Object> provider = new BasicAuthenticationProvider<>(new ConfiguredUsers(new UsersConfig(
                    "officer", bcrypt("o-secret"), "auditor", bcrypt("a-secret"), "admin", bcrypt("x-secret"))),
                    new PasswordVerifier(), throttle, selfAuditor,
                    new DirectoryAccounts(directory.config("localhost", Duration.ofMinutes(5)),
                            java.util.Set.of("officer", "auditor", "admin"), Clock.systemUTC()), BasicAuthenticationProvider.SLOT_WAIT);
            HttpRequest<Object> request = HttpRequest.GET("http://127.0.0.1:8080/api/v1/events");

            var alice = provider.authenticate(request, new UsernamePasswordCredentials("alice.smith", "a-secret"));
            assertThat(alice.isAuthenticated()).isTrue();
            assertThat(alice.getAuthentication().orElseThrow().getName()).as("the directory's name").isEqualTo("Alice.Smith");
            assertThat(alice.getAuthentication().orElseThrow().getRoles()).containsExactlyInAnyOrder(Roles.AUDITOR, Roles.PRIVACY_OFFICER);
            assertThat(provider.authenticate(request, new UsernamePasswordCredentials("OFFICER", "o-directory")).isAuthenticated())
                    .as("a directory user named like a configured account").isFalse();
            assertThat(provider.authenticate(request, new UsernamePasswordCredentials("OFFICER", "o-directory")).isAuthenticated())
                    .as("nor the second time").isFalse();
            assertThat(provider.authenticate(request, new UsernamePasswordCredentials("officer", "o-secret")).isAuthenticated())
                    .as("the configured account itself").isTrue();
            assertThat(provider.authenticate(request, new UsernamePasswordCredentials("Alice.Smith", "wrong")).isAuthenticated()).isFalse();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 3);

            directory.stop();
            for (int i = 0; i < 10; i++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.authenticate(request,
                        new UsernamePasswordCredentials("bob", "b-secret"))).isInstanceOf(DirectoryAccounts.UnavailableException.class);
            }
            assertThat(throttle.begin("bob", ClientAddress.of(request))).as("ten outages counted no failure").isTrue();
            throttle.end("bob", ClientAddress.of(request), true);
            Thread.sleep(300);
            assertThat(kafka.history()).as("no failed login recorded for an outage").hasSize(3);

            // But a wrong password compared with a remembered one is a guess, outage or not: Alice.Smith has one failure
            // already; four more lock her out.
            for (int i = 0; i < 4; i++) {
                String guess = "guess-" + i;
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.authenticate(request,
                        new UsernamePasswordCredentials("alice.smith", guess))).isInstanceOf(DirectoryAccounts.UnavailableException.class);
            }
            assertThat(throttle.lockedOut("Alice.Smith", ClientAddress.of(request))).isPresent();
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * A password compared with a remembered one is a guess even when no check may start: counted, so that parallel
     * requests cannot guess for free while the checks in flight fill the limit.
     */
    @Test
    void aWrongPasswordComparedWithARememberedOneCountsWhenNoCheckMayStart() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                Clock.systemUTC());
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            BasicAuthenticationProvider<Object> provider = new BasicAuthenticationProvider<>(new ConfiguredUsers(new UsersConfig(
                    "officer", bcrypt("o-secret"), "auditor", bcrypt("a-secret"), "admin", bcrypt("x-secret"))),
                    new PasswordVerifier(), throttle, selfAuditor(kafka(), background), (DirectoryAccounts) null, Duration.ofMillis(50));
            HttpRequest<Object> request = HttpRequest.GET("http://127.0.0.1:8080/api/v1/events");
            String address = ClientAddress.of(request);
            assertThat(provider.authenticate(request, new UsernamePasswordCredentials("auditor", "a-secret")).isAuthenticated()).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(throttle.begin("auditor", address)).isTrue(); // five checks in flight: no slot left
            }

            // In parallel, as an attacker would send them (each waits SLOT_WAIT for a slot that does not come).
            List<java.util.concurrent.CompletableFuture<Boolean>> guesses = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> provider.authenticate(request,
                            new UsernamePasswordCredentials("auditor", "guess-" + i)).isAuthenticated())).toList();
            assertThat(guesses).allSatisfy(guess -> assertThat(guess.join()).isFalse());

            assertThat(throttle.lockedOut("auditor", address)).as("five guesses lock the user out").isPresent();
        } finally {
            background.shutdownNow();
        }
    }

    private static MockProducer<String, byte[]> kafka() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    /** Records failed logins into {@code kafka}, as the service does into Kafka. */
    private static SelfAuditor selfAuditor(MockProducer<String, byte[]> kafka, ExecutorService background) {
        return new SelfAuditor(new OwnEventPublisher(kafka, "audit.events", AuditMessageValidator.withDefaults(), Clock.systemUTC(),
                Duration.ofSeconds(5)), new QueryApiAuditMessages("api.example", "4711", "urn:arr:audit-events"), background);
    }
}
