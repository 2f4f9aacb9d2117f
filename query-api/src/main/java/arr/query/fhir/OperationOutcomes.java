package arr.query.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/** The FHIR form of an error answer: one issue, its type and a text written for the caller (never a stack trace). */
final class OperationOutcomes {

    private OperationOutcomes() {
    }

    static OperationOutcome of(String issueType, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(issueType)).setDiagnostics(text);
        return outcome;
    }
}
