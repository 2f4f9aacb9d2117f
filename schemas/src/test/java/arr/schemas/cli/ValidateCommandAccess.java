package arr.schemas.cli;

/** Lets tests in other packages strip a syslog header exactly as {@code deploy/bin/validate} does. */
public final class ValidateCommandAccess {

    private ValidateCommandAccess() {
    }

    public static byte[] auditXml(byte[] content) {
        return ValidateCommand.auditXml(content);
    }
}
