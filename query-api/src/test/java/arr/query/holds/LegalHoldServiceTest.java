package arr.query.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.api.BadRequestException;
import arr.query.selfaudit.AuditUnavailableException;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import arr.schemas.index.LegalHold;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Placing and releasing holds: checked input, and no change stands that the audit trail could not record. */
class LegalHoldServiceTest {

    private final Reader admin = new Reader("admin", "10.0.0.9");
    private final MemoryStore store = new MemoryStore();
    private final RecordingAuditor audit = new RecordingAuditor();
    private final LegalHoldService service = new LegalHoldService(store, audit,
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aPlacedHoldIsStoredAndRecordedThenReleasedOnce() {
        LegalHold hold = service.place(admin, "patient", " 4711^^^&1.2.3&ISO ", "case 17");
        assertThat(hold.value()).isEqualTo("4711^^^&1.2.3&ISO");
        assertThat(hold.createdBy()).isEqualTo("admin");
        assertThat(hold.createdAt()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(store.holds.get(hold.id()).active()).isTrue();
        assertThat(audit.changes).containsExactly("placed " + hold.id());

        LegalHold released = service.release(new Reader("admin2", "10.0.0.8"), hold.id());
        assertThat(released.releasedBy()).isEqualTo("admin2");
        assertThat(store.holds.get(hold.id()).active()).isFalse();
        assertThat(audit.changes).containsExactly("placed " + hold.id(), "released " + hold.id());
        assertThatThrownBy(() -> service.release(admin, hold.id())).isInstanceOf(LegalHoldService.AlreadyReleasedException.class)
                .hasMessageContaining("released by admin2");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> service.place(admin, "study", "x", "y")).isInstanceOf(BadRequestException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> service.place(admin, "patient", " ", "y")).isInstanceOf(BadRequestException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> service.place(admin, "patient", "x", null)).isInstanceOf(BadRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> service.place(admin, "source", "a\u0000b", "y")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("control");
        assertThatThrownBy(() -> service.place(admin, "source", "x".repeat(257), "y")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("256");
        assertThat(store.holds).isEmpty();
    }

    @Test
    void aChangeTheAuditTrailCannotRecordIsTakenBack() {
        LegalHold hold = service.place(admin, "source", "pacs-1", "case 18");
        audit.failing = true;
        assertThatThrownBy(() -> service.place(admin, "patient", "4712", "case 19"))
                .isInstanceOf(LegalHoldService.ChangeNotRecordedException.class);
        assertThat(store.holds.keySet()).containsExactly(hold.id());
        assertThatThrownBy(() -> service.release(admin, hold.id())).isInstanceOf(LegalHoldService.ChangeNotRecordedException.class);
        assertThat(store.holds.get(hold.id()).active()).as("its release taken back").isTrue();
    }

    /** A change that can be neither recorded nor taken back is answered as what it is: it stands, unrecorded. */
    @Test
    void aChangeThatCannotBeTakenBackIsNotReportedAsUnchanged() {
        LegalHold hold = service.place(admin, "source", "pacs-1", "case 18");
        audit.failing = true;
        store.writable = false;
        assertThatThrownBy(() -> service.release(admin, hold.id())).isInstanceOf(LegalHoldService.ChangeStandsUnrecordedException.class)
                .hasMessageContaining("was released").hasMessageContaining("no longer holds");
        store.writable = true;
        store.deletable = false;
        assertThatThrownBy(() -> service.place(admin, "patient", "4713", "case 20"))
                .isInstanceOf(LegalHoldService.ChangeStandsUnrecordedException.class).hasMessageContaining("was placed");
    }

    /** The store in memory, with versions as Elasticsearch counts them. */
    private static final class MemoryStore extends LegalHoldStore {
        final Map<String, LegalHold> holds = new LinkedHashMap<>();
        final Map<String, Long> versions = new LinkedHashMap<>();
        /** When false, a replace after the first of a hold fails (Elasticsearch away). */
        boolean writable = true;
        boolean deletable = true;

        MemoryStore() {
            super(null);
        }

        @Override
        public Stored create(LegalHold hold) {
            holds.put(hold.id(), hold);
            versions.put(hold.id(), 0L);
            return new Stored(hold, 0, 1);
        }

        @Override
        public Stored replace(LegalHold hold, Stored previous) {
            if (versions.get(hold.id()) != previous.seqNo()) {
                throw new IllegalStateException("stale");
            }
            if (!writable && previous.seqNo() > 0) {
                throw new IllegalStateException("Elasticsearch away");
            }
            long next = previous.seqNo() + 1;
            holds.put(hold.id(), hold);
            versions.put(hold.id(), next);
            return new Stored(hold, next, 1);
        }

        @Override
        public void delete(String id) {
            if (!deletable) {
                throw new IllegalStateException("Elasticsearch away");
            }
            holds.remove(id);
        }

        @Override
        public Optional<Stored> get(String id) {
            return Optional.ofNullable(holds.get(id)).map(h -> new Stored(h, versions.get(id), 1));
        }

        @Override
        public List<LegalHold> all() {
            return new ArrayList<>(holds.values());
        }
    }

    /** Records what it was told, or fails as when Kafka does not take the event. */
    private static final class RecordingAuditor extends SelfAuditor {
        final List<String> changes = new ArrayList<>();
        boolean failing;

        RecordingAuditor() {
            super(null, null, null);
        }

        @Override
        public void legalHoldChanged(Reader admin, LegalHold hold, boolean placed) {
            if (failing) {
                throw new AuditUnavailableException(new RuntimeException("Kafka away"));
            }
            changes.add((placed ? "placed " : "released ") + hold.id());
        }
    }
}
