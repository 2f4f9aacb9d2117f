package arr.query.security;

import arr.query.config.LoginThrottleConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain security classes. */
@Factory
public class SecurityFactory {

    @Singleton
    PasswordVerifier passwordVerifier() {
        return new PasswordVerifier();
    }

    @Singleton
    LoginThrottle loginThrottle(LoginThrottleConfig config) {
        return new LoginThrottle(config, Clock.systemUTC());
    }
}
