package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import arr.query.config.LoginThrottleConfig;
import arr.query.config.UsersConfig;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
                new PasswordVerifier(), throttle, null);
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
                new PasswordVerifier(), throttle, null);
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
}
