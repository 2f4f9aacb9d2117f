package arr.query.selfaudit;

/**
 * Who read audit data: the authenticated user and the address the request came from.
 *
 * @param user    the user name
 * @param address the client's IP address
 */
public record Reader(String user, String address) {
}
