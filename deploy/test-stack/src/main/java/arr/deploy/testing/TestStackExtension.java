package arr.deploy.testing;

import arr.deploy.local.Part;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts what a {@link NeedsStack} test class needs, at most once per test JVM, and hands it out as a
 * {@link TestStack} parameter. Everything is stopped when the test plan ends, and by a shutdown hook
 * if the JVM ends otherwise; a JVM killed with -9 is cleaned up by the next start (pid files).
 *
 * <p>System properties: {@code stack} ({@code processes}, the default, or {@code containers}),
 * {@code arr.test.stateDir} (default {@code target/test-stack}), {@code arr.repo.root} (where service
 * jars are found, for end-to-end tests).
 */
public final class TestStackExtension implements BeforeAllCallback, ParameterResolver {

    private static TestStack shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        NeedsStack needs = context.getRequiredTestClass().getAnnotation(NeedsStack.class);
        if (needs == null) {
            throw new IllegalStateException(context.getRequiredTestClass().getName() + " uses TestStackExtension "
                    + "without @NeedsStack saying which parts it needs");
        }
        Set<Part> parts = EnumSet.noneOf(Part.class);
        parts.addAll(java.util.List.of(needs.value()));
        TestStack stack = sharedStack(context);
        if (stack instanceof ProcessTestStack processes) {
            processes.ensureStarted(parts);
        } else {
            ((ContainerTestStack) stack).ensureStarted(parts);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sharedStack(context);
    }

    private static synchronized TestStack sharedStack(ExtensionContext context) {
        if (shared == null) {
            String mode = System.getProperty("stack", "processes");
            shared = switch (mode) {
                case "processes" -> new ProcessTestStack(
                        Path.of(System.getProperty("arr.test.stateDir", "target/test-stack")),
                        Optional.ofNullable(System.getProperty("arr.repo.root")).map(Path::of));
                case "containers" -> new ContainerTestStack();
                default -> throw new IllegalArgumentException("-Dstack=" + mode + ": expected processes or containers");
            };
            TestStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-shutdown"));
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(TestStack.class.getName(), (AutoCloseable) stack::close);
        }
        return shared;
    }
}
