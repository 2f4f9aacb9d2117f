package arr.deploy.testing;

import arr.deploy.local.Part;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test class that needs real servers. The parts are started at most once per test
 * JVM, on free ports with state under {@code target/}, and shared by every test class of the module;
 * a {@link TestStack} parameter gives their addresses and stops or restarts them for fault tests.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TestStackExtension.class)
public @interface NeedsStack {

    /** The parts the tests use, for example {@code {KAFKA, ELASTICSEARCH}}. */
    Part[] value();
}
