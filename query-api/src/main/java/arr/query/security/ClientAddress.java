package arr.query.security;

import io.micronaut.http.HttpRequest;
import java.net.InetSocketAddress;

/** The caller's IP address as the connection shows it (no reverse DNS, no trust in forwarding headers). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
