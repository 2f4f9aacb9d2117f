package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Bounds on what one request may ask for.
 *
 * @param maxPageSize        the largest {@code size} (CONTRACT.md §4: above 1000 is a 400)
 * @param maxPatients        how many patients one patient-accesses investigation may name
 * @param maxExportRows      the most rows one CSV export streams
 * @param exportPageSize     how many documents the export fetches per Elasticsearch request
 */
@ConfigurationProperties("arr.search")
public record SearchLimits(@Min(1) @Max(10000) int maxPageSize, @Min(1) int maxPatients, @Min(1) long maxExportRows,
                           @Min(100) @Max(10000) int exportPageSize) {
}
