package arr.query.investigation;

/** A value and how many events have it. */
public record Count(String value, long events) {
}
