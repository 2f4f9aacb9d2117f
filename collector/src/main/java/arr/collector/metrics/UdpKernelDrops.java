package arr.collector.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datagrams the kernel dropped because a UDP receive buffer was full ({@code RcvbufErrors} in
 * {@code /proc/net/snmp}; machine-wide, as Linux reports it). NaN where the file does not exist.
 */
public final class UdpKernelDrops {

    private static final Path SNMP = Path.of("/proc/net/snmp");

    private UdpKernelDrops() {
    }

    public static double receiveBufferErrors() {
        try {
            List<String> lines = Files.readAllLines(SNMP);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    int index = names.indexOf("RcvbufErrors");
                    return index < 0 ? Double.NaN : Double.parseDouble(values[index]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
