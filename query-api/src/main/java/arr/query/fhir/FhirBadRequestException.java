package arr.query.fhir;

/** A search FHIR cannot answer as asked: answered 400 with an OperationOutcome of this issue type and text. */
public final class FhirBadRequestException extends RuntimeException {

    private final String issueType;

    public FhirBadRequestException(String issueType, String message) {
        super(message);
        this.issueType = issueType;
    }

    /** A FHIR {@code issue-type} code: {@code invalid}, {@code not-supported}, ... */
    public String issueType() {
        return issueType;
    }
}
