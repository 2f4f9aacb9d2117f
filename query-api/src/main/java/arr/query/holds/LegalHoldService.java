package arr.query.holds;

import arr.query.api.BadRequestException;
import arr.query.api.NotFoundException;
import arr.query.selfaudit.AuditUnavailableException;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import arr.schemas.index.LegalHold;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places and releases legal holds (admin). Each change is written, then recorded in the audit trail as a Security
 * Alert; when it cannot be recorded, it is taken back and refused, so no hold changes unrecorded. The indexer's
 * retention reads the active holds at each run, beside those of its configuration.
 */
public class LegalHoldService {

    private static final Logger LOG = LoggerFactory.getLogger(LegalHoldService.class);
    static final int MAX_VALUE = 256;
    static final int MAX_REASON = 1000;
    private static final Set<String> KINDS = Set.of(LegalHold.PATIENT, LegalHold.SOURCE);

    private final LegalHoldStore store;
    private final SelfAuditor audit;
    private final Clock clock;

    public LegalHoldService(LegalHoldStore store, SelfAuditor audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** A legal hold that was already released. */
    public static final class AlreadyReleasedException extends RuntimeException {
        AlreadyReleasedException(LegalHold hold) {
            super("legal hold " + hold.id() + " was released by " + hold.releasedBy() + " at " + hold.releasedAt());
        }
    }

    public List<LegalHold> all() {
        return store.all();
    }

    public LegalHold place(Reader admin, String kind, String value, String reason) {
        if (kind == null || !KINDS.contains(kind)) {
            throw new BadRequestException("kind must be patient or source");
        }
        String held = checked("value", value, MAX_VALUE);
        String why = checked("reason", reason, MAX_REASON);
        LegalHold hold = new LegalHold(UUID.randomUUID().toString(), kind, held, why, admin.user(), now(), null, null);
        store.create(hold);
        try {
            audit.legalHoldChanged(admin, hold, true);
        } catch (AuditUnavailableException e) {
            if (!takeBack(() -> store.delete(hold.id()), hold)) {
                throw new ChangeStandsUnrecordedException("legal hold " + hold.id() + " was placed, but the audit trail could "
                        + "not record it and it could not be taken back: it holds, unrecorded; release it once the audit trail "
                        + "is back, or tell the security team", e);
            }
            throw new ChangeNotRecordedException(e);
        }
        return hold;
    }

    public LegalHold release(Reader admin, String id) {
        LegalHoldStore.Stored stored = store.get(id).orElseThrow(() -> new NotFoundException("no legal hold " + id));
        if (!stored.hold().active()) {
            throw new AlreadyReleasedException(stored.hold());
        }
        LegalHold released = stored.hold().released(admin.user(), now());
        LegalHoldStore.Stored saved = store.replace(released, stored);
        try {
            audit.legalHoldChanged(admin, released, false);
        } catch (AuditUnavailableException e) {
            if (!takeBack(() -> store.replace(stored.hold(), saved), released)) {
                throw new ChangeStandsUnrecordedException("legal hold " + id + " was released, but the audit trail could not "
                        + "record it and the release could not be taken back: it no longer holds, unrecorded; place it again "
                        + "now, and tell the security team", e);
            }
            throw new ChangeNotRecordedException(e);
        }
        return released;
    }

    /** Whether the change was taken back. */
    private boolean takeBack(Runnable undo, LegalHold hold) {
        try {
            undo.run();
            return true;
        } catch (RuntimeException e) {
            LOG.error("the change of legal hold {} could not be recorded nor taken back; it stands, unrecorded: {}", hold.id(),
                    e.toString());
            return false;
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String checked(String name, String value, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            throw new BadRequestException(name + " is required");
        }
        if (text.length() > max) {
            throw new BadRequestException(name + " is longer than " + max + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(name + " holds control characters");
        }
        return text;
    }

    /** The change could neither be recorded nor taken back: it stands, unrecorded, and the answer must say so. */
    public static final class ChangeStandsUnrecordedException extends RuntimeException {
        ChangeStandsUnrecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The change was taken back because the audit trail could not record it. */
    public static final class ChangeNotRecordedException extends RuntimeException {
        ChangeNotRecordedException(Throwable cause) {
            super("the legal hold was not changed because the audit trail could not record the change; try again later", cause);
        }
    }
}
