package arr.query.api;

import arr.query.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;

/**
 * The routes the outside contract names for compliance reports, which are not built yet. They answer
 * 501 with a problem saying so to the roles that will use them; without this, deny-by-default answered 403 ("your
 * role does not allow this request") even to an admin, which sent people looking for a permission problem.
 */
@Controller
public class PlannedController {

    private static final String REPORTS = "compliance reports are not built yet; the investigations and the CSV export "
            + "answer the same questions for now (see the README)";

    @Get("/api/v1/reports")
    @Secured(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Compliance reports: not built yet (501)")
    public void reports() {
        throw new NotBuiltYetException(REPORTS);
    }

    @Post("/api/v1/reports/{name}/runs")
    @Secured(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Run a compliance report: not built yet (501)")
    public void runReport(String name) {
        throw new NotBuiltYetException(REPORTS);
    }

    @Get("/api/v1/reports/runs/{runId}")
    @Secured(Roles.PRIVACY_OFFICER)
    @Operation(summary = "A report run: not built yet (501)")
    public void reportRun(String runId) {
        throw new NotBuiltYetException(REPORTS);
    }
}
