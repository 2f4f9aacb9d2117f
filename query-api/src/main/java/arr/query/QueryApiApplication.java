package arr.query;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** HTTP API for privacy officers, auditors and ITI-81 clients. */
@OpenAPIDefinition(
        info = @Info(title = "Audit Record Repository query API", version = "1",
                description = "Search and investigate DICOM/IHE ATNA audit events (CONTRACT.md §4). Every read is itself "
                        + "recorded as a DICOM Audit Log Used (110101) event naming the user."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public final class QueryApiApplication {

    private QueryApiApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(QueryApiApplication.class, args);
    }
}
