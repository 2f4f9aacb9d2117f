package arr.schemas.validation.rules;

/** One check of a message definition; reports through the context. */
@FunctionalInterface
interface Rule {

    void check(EventContext context);
}
