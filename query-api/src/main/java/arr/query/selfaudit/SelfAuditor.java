package arr.query.selfaudit;

import arr.schemas.selfaudit.OwnEventPublisher;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the query API's use in the repository itself. Reads are recorded synchronously: the data is only
 * returned once Kafka has acknowledged its Audit Log Used event, so there is no unaudited read. Failed logins are
 * recorded off the request thread (an attacker's request must not wait on Kafka), and a failure to record one is
 * logged as an error.
 */
public class SelfAuditor {

    private static final Logger LOG = LoggerFactory.getLogger(SelfAuditor.class);

    private final OwnEventPublisher publisher;
    private final QueryApiAuditMessages messages;
    private final ExecutorService background;

    public SelfAuditor(OwnEventPublisher publisher, QueryApiAuditMessages messages, ExecutorService background) {
        this.publisher = publisher;
        this.messages = messages;
        this.background = background;
    }

    /**
     * Records a read as one Audit Log Used event; a read about more patients than one event names (see
     * {@link #PATIENTS_PER_EXPORT_EVENT}; a 1,000-patient investigation) as several, each naming its share of them and
     * marked {@code Part} {@code k/n}.
     *
     * @throws AuditUnavailableException when Kafka did not take the event: the read must fail
     */
    public void read(Reader reader, ReadRecord read) {
        List<List<String>> parts = shares(read.patients());
        if (parts.size() <= 1) {
            publish(messages.auditLogUsed(reader, read));
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            java.util.Map<String, String> details = new java.util.LinkedHashMap<>(read.details());
            details.put("Part", (i + 1) + "/" + parts.size());
            publish(messages.auditLogUsed(reader, new ReadRecord(read.endpoint(), read.query(), read.results(), details,
                    parts.get(i))));
        }
    }

    /** How many patients one Export event names at most; more make several events. */
    static final int PATIENTS_PER_EXPORT_EVENT = 200;

    /**
     * About how many characters of patient objects one Export event holds at most, so that each stays far below the
     * collector's and Kafka's message limits even when devices send very long patient identifiers.
     */
    static final int EXPORT_EVENT_BUDGET = 48_000;

    /** What one patient object costs beyond its identifier (element, attributes, ID type code). */
    private static final int PER_PATIENT = 200;

    /**
     * An export is a read (110101) and a data export (110106) naming every patient whose events it holds, in as many
     * Export events as that takes; all are recorded before the first row leaves.
     */
    public void export(Reader reader, ReadRecord read, List<String> patients) {
        read(reader, read);
        for (List<String> share : shares(patients)) {
            publish(messages.export(reader, read, share));
        }
    }

    /** Patients split into what one event names at most; no patients is one empty share. */
    static List<List<String>> shares(List<String> patients) {
        List<List<String>> shares = new java.util.ArrayList<>();
        int from = 0;
        int size = 0;
        for (int i = 0; i < patients.size(); i++) {
            int cost = patients.get(i).length() + PER_PATIENT;
            if (i > from && (i - from == PATIENTS_PER_EXPORT_EVENT || size + cost > EXPORT_EVENT_BUDGET)) {
                shares.add(patients.subList(from, i));
                from = i;
                size = 0;
            }
            size += cost;
        }
        if (from < patients.size() || patients.isEmpty()) {
            shares.add(patients.subList(from, patients.size()));
        }
        return shares;
    }

    /** @param lockedOut whether this failure locked the user or address out (recorded as outcome 8, excess retries) */
    public void failedLogin(String claimedUser, String address, boolean lockedOut) {
        byte[] message = messages.failedLogin(claimedUser, address, lockedOut);
        background.execute(() -> {
            try {
                publisher.publish(message);
            } catch (RuntimeException e) {
                LOG.error("a failed login from {} could not be recorded in the audit trail: {}", address, e.getMessage());
            }
        });
    }

    /**
     * Records a legal hold placed or released, synchronously: the change stands only once Kafka has acknowledged it.
     *
     * @throws AuditUnavailableException when Kafka did not take the event: the change must be taken back
     */
    public void legalHoldChanged(Reader admin, arr.schemas.index.LegalHold hold, boolean placed) {
        try {
            publisher.publish(messages.legalHoldChanged(admin, hold, placed));
        } catch (RuntimeException e) {
            LOG.error("a legal hold change was taken back because it could not be recorded in the audit trail: {}", e.getMessage());
            throw new AuditUnavailableException(e);
        }
    }

    /**
     * Start or stop of the service; best effort (a service must start even while Kafka is away, and reads are refused
     * until it is back anyway), logged when it cannot be recorded.
     */
    public void applicationActivity(boolean start) {
        try {
            publisher.publish(messages.applicationActivity(start));
        } catch (RuntimeException e) {
            LOG.error("the query API's {} could not be recorded in the audit trail: {}", start ? "start" : "stop", e.getMessage());
        }
    }

    private void publish(byte[] message) {
        try {
            publisher.publish(message);
        } catch (RuntimeException e) {
            LOG.error("an audit log read was refused because its Audit Log Used event could not be recorded: {}", e.getMessage());
            throw new AuditUnavailableException(e);
        }
    }
}
