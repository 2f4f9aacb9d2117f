package arr.query.selfaudit;

import java.util.List;
import java.util.Map;

/**
 * What one read of audit data was, as its Audit Log Used event records it.
 *
 * @param endpoint the method and path template, such as {@code GET /api/v1/events}
 * @param query    the validated parameters in canonical form ({@code name=value&...}), or the document ID
 * @param results  how many results the read found (the exact total, not the page size)
 * @param details  more details of the audit log object, in order (a report run's file hashes), or none
 * @param patients the patients the read was about (its patient filter, or the patients of the one event read), named
 *                 in the record as patient objects, so that a search by patient finds who read that patient's audit
 *                 trail; or none
 */
public record ReadRecord(String endpoint, String query, long results, Map<String, String> details, List<String> patients) {

    public ReadRecord {
        patients = List.copyOf(patients);
    }

    public ReadRecord(String endpoint, String query, long results) {
        this(endpoint, query, results, Map.of(), List.of());
    }

    public ReadRecord(String endpoint, String query, long results, Map<String, String> details) {
        this(endpoint, query, results, details, List.of());
    }

    public ReadRecord about(List<String> readPatients) {
        return new ReadRecord(endpoint, query, results, details, readPatients);
    }
}
