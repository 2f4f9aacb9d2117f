package arr.query.report;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.List;
import java.util.function.Function;

/**
 * One compliance report: which events it lists over its period.
 *
 * @param name          the name in the API's paths
 * @param title         the heading of its PDF
 * @param description   what it answers, for the catalogue and the PDF
 * @param needsPatients whether a run must name patients (and so whether it can be scheduled)
 * @param selection     the events it lists, given the run's patients (empty unless {@code needsPatients}); the period
 *                      is added to it
 */
public record ReportDefinition(String name, String title, String description, boolean needsPatients,
                               Function<List<String>, Query> selection) {
}
