package arr.deploy.local;

/**
 * One port the stack binds, with the environment variable that moves it (CONTRACT.md §3).
 *
 * @param description what listens there, for error messages
 * @param variable    the environment variable that sets it
 * @param port        the port number
 * @param udp         whether it is a UDP port (checked with a datagram socket)
 */
public record PortSetting(String description, String variable, int port, boolean udp) {

    public static PortSetting tcp(String description, String variable, int port) {
        return new PortSetting(description, variable, port, false);
    }

    public static PortSetting udp(String description, String variable, int port) {
        return new PortSetting(description, variable, port, true);
    }
}
